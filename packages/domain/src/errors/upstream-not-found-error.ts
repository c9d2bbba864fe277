// An external GlobeCo service answered 404 (an unknown security, ticker, ...): a NotFoundError that
// also names the service and the URL path, so a failed portfolio says where the data was missing.
import { NotFoundError } from "./not-found-error.js";

export class UpstreamNotFoundError extends NotFoundError {
  constructor(
    /** Service name: accounting, security, pricing, portfolio, order. */
    readonly service: string,
    resource: string,
    id: string,
    /** The URL path that answered 404. */
    readonly path: string,
    /** The security concerned, when there is one. */
    readonly securityId?: string,
  ) {
    super(resource, id, `The ${service} service has no ${resource} ${id} (GET ${path} answered 404).`);
  }
}
