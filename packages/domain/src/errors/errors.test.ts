import { describe, expect, it } from "vitest";
import { BadUpstreamDataError } from "./bad-upstream-data-error.js";
import { ConflictError } from "./conflict-error.js";
import { DependencyUnavailableError } from "./dependency-unavailable-error.js";
import { DomainError } from "./domain-error.js";
import { NotFoundError } from "./not-found-error.js";
import { RuleViolationError } from "./rule-violation-error.js";
import { UpstreamNotFoundError } from "./upstream-not-found-error.js";
import { ValidationError } from "./validation-error.js";

describe("domain errors", () => {
  it("ValidationError carries the field errors, code validation-error and its class name", () => {
    const errors = [{ field: "positions.3.target", message: "must be a multiple of 0.005" }];
    const error = new ValidationError("The model is invalid.", errors);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ValidationError");
    expect(error.code).toBe("validation-error");
    expect(error.message).toBe("The model is invalid.");
    expect(error.errors).toEqual(errors);
    expect(new ValidationError("bad").errors).toEqual([]);
  });

  it("NotFoundError names the resource and id, with a default message", () => {
    const error = new NotFoundError("model", "abc");
    expect(error.name).toBe("NotFoundError");
    expect(error.code).toBe("not-found");
    expect(error.resource).toBe("model");
    expect(error.id).toBe("abc");
    expect(error.message).toBe("model abc was not found.");
    expect(new NotFoundError("rebalance", "r1", "gone").message).toBe("gone");
  });

  it("ConflictError carries problem extensions, empty by default", () => {
    const error = new ConflictError("Stale version.", { current_version: 3 });
    expect(error.name).toBe("ConflictError");
    expect(error.code).toBe("conflict");
    expect(error.extensions).toEqual({ current_version: 3 });
    expect(new ConflictError("Duplicate name.").extensions).toEqual({});
  });

  it("RuleViolationError names the rule and the offending fields", () => {
    const errors = [{ field: "positions", message: "targets sum to 0.96" }];
    const error = new RuleViolationError("target-sum-at-most-0.95", "Targets must sum to at most 0.95.", errors);
    expect(error.name).toBe("RuleViolationError");
    expect(error.code).toBe("rule-violation");
    expect(error.rule).toBe("target-sum-at-most-0.95");
    expect(error.message).toBe("Targets must sum to at most 0.95.");
    expect(error.errors).toEqual(errors);
    expect(new RuleViolationError("r", "m").errors).toEqual([]);
  });

  it("DependencyUnavailableError names the service and path and keeps the cause", () => {
    const cause = new Error("ECONNREFUSED");
    const error = new DependencyUnavailableError("pricing", "The pricing service is unavailable.", "/api/v1/prices", {
      cause,
    });
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe("DependencyUnavailableError");
    expect(error.code).toBe("dependency-unavailable");
    expect(error.service).toBe("pricing");
    expect(error.path).toBe("/api/v1/prices");
    expect(error.cause).toBe(cause);
    const bare = new DependencyUnavailableError("redis", "Redis is down.");
    expect(bare.path).toBeUndefined();
    expect(bare.cause).toBeUndefined();
  });

  it("BadUpstreamDataError names the service, path and security of the unusable value", () => {
    const error = new BadUpstreamDataError("pricing", "Price must be > 0.", "/api/v1/price/X", "SEC1");
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe("BadUpstreamDataError");
    expect(error.code).toBe("bad-upstream-data");
    expect(error.service).toBe("pricing");
    expect(error.message).toBe("Price must be > 0.");
    expect(error.path).toBe("/api/v1/price/X");
    expect(error.securityId).toBe("SEC1");
    const bare = new BadUpstreamDataError("accounting", "Cash is not a number.");
    expect(bare.path).toBeUndefined();
    expect(bare.securityId).toBeUndefined();
  });

  it("UpstreamNotFoundError is a NotFoundError that says which service answered 404 where", () => {
    const error = new UpstreamNotFoundError("security", "security", "SEC9", "/api/v1/security/SEC9", "SEC9");
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.name).toBe("UpstreamNotFoundError");
    expect(error.code).toBe("not-found");
    expect(error.service).toBe("security");
    expect(error.resource).toBe("security");
    expect(error.id).toBe("SEC9");
    expect(error.path).toBe("/api/v1/security/SEC9");
    expect(error.securityId).toBe("SEC9");
    expect(error.message).toBe("The security service has no security SEC9 (GET /api/v1/security/SEC9 answered 404).");
    expect(
      new UpstreamNotFoundError("accounting", "portfolio", "P1", "/api/v1/portfolio/P1").securityId,
    ).toBeUndefined();
  });
});
