export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SUCCESS_STATUS,
  ERROR_CODES,
  INTERNAL_ERROR_MESSAGE,
  JSON_CONTENT_TYPE,
  MAX_SUMMARISED_ISSUES,
} from './constants';
export {
  badRequest,
  conflict,
  HttpError,
  type HttpErrorOptions,
  isHttpError,
  notFound,
  unprocessable,
} from './errors';
export { httpRoute } from './httpRoute';
export { jsonResponse } from './jsonResponse';
export { memberIdOf } from './memberIdOf';
export { type HttpErrorHandlerOptions, httpErrorHandler } from './middlewares/httpErrorHandler';
export { type JsonBodyParserOptions, jsonBodyParser } from './middlewares/jsonBodyParser';
export { requireMember } from './middlewares/requireMember';
export { type ZodValidatorOptions, zodValidator } from './middlewares/zodValidator';
export { notFoundRoute } from './notFoundRoute';
export { type QueryNumberOptions, queryNumber } from './queryNumber';
export { isRouteResponse, type RouteResponse, respond } from './respond';
export type {
  AuthMode,
  ErrorDetail,
  ErrorLogger,
  ErrorResponseBody,
  HttpApiEvent,
  HttpMiddleware,
  HttpResponse,
  HttpRouteOptions,
  RouteEvent,
  RouteHandler,
  RouteInput,
} from './types';
