/** Base error of the local cloud's provisioning: the template asks for something it cannot do. */
export class ProvisioningError extends Error {
  public readonly code: string;
  public readonly stack_?: string;

  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProvisioningError';
    this.code = code;
  }
}

/** An intrinsic function refers to something that is not (yet) known: a resource, an export, a parameter. */
export class UnresolvedReferenceError extends ProvisioningError {
  public readonly reference: string;

  public constructor(reference: string, where: string) {
    super('UNRESOLVED_REFERENCE', `${where}: cannot resolve ${reference}`);
    this.name = 'UnresolvedReferenceError';
    this.reference = reference;
  }
}

export const isProvisioningError = (error: unknown, code?: string): error is ProvisioningError =>
  error instanceof ProvisioningError && (code === undefined || error.code === code);
