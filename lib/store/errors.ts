/** Why the scan store cannot be used, in words that say what to do. */
export class StoreError extends Error {
  constructor(
    message: string,
    /** What the person can do about it. */
    readonly wayOut: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} ${wayOut}`, options);
    this.name = 'StoreError';
  }
}
