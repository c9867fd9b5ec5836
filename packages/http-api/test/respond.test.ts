import { isRouteResponse, jsonResponse, respond } from '../src';

describe('respond', () => {
  it('builds a response with its status, body and headers', () => {
    const response = respond(201, { id: 'p1' }, { location: '/posts/p1' });

    expect(isRouteResponse(response)).toBe(true);
    expect(response).toMatchObject({
      statusCode: 201,
      body: { id: 'p1' },
      headers: { location: '/posts/p1' },
    });
  });

  it('builds a 204 without a body', () => {
    expect(respond(204)).toMatchObject({ statusCode: 204, body: undefined, headers: {} });
  });

  it('refuses a body on a 204, which cannot carry one', () => {
    expect(() => respond(204, { id: 'p1' })).toThrow('respond: a 204 response has no body');
  });

  it.each([100, 199, 600, 201.5])('refuses status %p', (status) => {
    expect(() => respond(status)).toThrow(
      `respond: status must be an integer from 200 to 599, got ${status}`,
    );
  });
});

describe('isRouteResponse', () => {
  it('tells a chosen response from a value that merely looks like one', () => {
    expect(isRouteResponse({ statusCode: 201, body: 'x', headers: {} })).toBe(false);
    expect(isRouteResponse(null)).toBe(false);
    expect(isRouteResponse('201')).toBe(false);
  });

  it('recognises a response built by another copy of this package (the marker is a registered symbol)', () => {
    const foreign = {
      [Symbol.for('@kes/http-api/RouteResponse')]: true,
      statusCode: 202,
      body: null,
      headers: {},
    };

    expect(isRouteResponse(foreign)).toBe(true);
  });
});

describe('jsonResponse', () => {
  it('serialises the value and sets the JSON content type', () => {
    expect(jsonResponse(200, { a: [1, 'é'] })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"a":[1,"é"]}',
    });
  });

  it('keeps other headers and replaces any content type, whatever its case', () => {
    expect(jsonResponse(200, 1, { 'Content-Type': 'text/html', etag: '"v7"' }).headers).toEqual({
      etag: '"v7"',
      'content-type': 'application/json; charset=utf-8',
    });
  });

  it('sends null for an undefined value, and no body at all for 204', () => {
    expect(jsonResponse(200, undefined).body).toBe('null');
    expect(jsonResponse(204, { ignored: true })).not.toHaveProperty('body');
  });
});
