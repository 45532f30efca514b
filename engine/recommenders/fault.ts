import type { FaultCode } from '../model/index.ts';

/**
 * A recommender that cannot serve a request (an objective-based recommender never trained:
 * ModelValidation). The pipeline turns it into a fault of that point; the request goes on.
 */
export class RecommenderFault extends Error {
  constructor(
    readonly code: FaultCode,
    message: string,
  ) {
    super(message);
    this.name = 'RecommenderFault';
  }
}
