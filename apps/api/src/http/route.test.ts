import { describe, expect, it } from "vitest";
import { routeConfigOf } from "./route-document.js";
import express from "express";
import { mountRoutes } from "./route-router.js";
import { defineRoute, expressPath, optionalHeader, requiredHeader, templateParams } from "./route.js";
import { z } from "./zod.js";

const Params = z.strictObject({ model_id: z.string() });
const Body = z.strictObject({ name: z.string() });
const Output = z.object({ id: z.string() });

describe("path templates", () => {
  it("turn OpenAPI placeholders into Express parameters", () => {
    expect(expressPath("/api/v1/rebalance/{rebalance_id}/portfolio/{portfolio_id}")).toBe(
      "/api/v1/rebalance/:rebalance_id/portfolio/:portfolio_id",
    );
    expect(templateParams("/api/v1/rebalance/{rebalance_id}/portfolio/{portfolio_id}")).toEqual([
      "rebalance_id",
      "portfolio_id",
    ]);
  });
});

describe("defineRoute", () => {
  it("types the handler's input and reply by the declaration", () => {
    const route = defineRoute({
      method: "post",
      path: "/x/{model_id}",
      tags: ["t"],
      summary: "s",
      params: Params,
      body: { schema: Body, required: true },
      responses: {
        201: {
          description: "d",
          body: Output,
          headers: { Location: requiredHeader("where"), Link: optionalHeader("related") },
        },
      },
      problems: [400],
      handler: ({ params, body }) => ({
        status: 201,
        headers: { Location: `/x/${params.model_id}` },
        body: { id: body.name },
      }),
    });
    expect(route.path).toBe("/x/{model_id}");
  });

  it("refuses, at compile time, a reply without a required header, an undeclared status or a wrong body", () => {
    const responses = {
      201: { description: "d", body: Output, headers: { Location: requiredHeader("where") } },
      204: { description: "none" },
    };
    const base = { method: "post", path: "/x", tags: [], summary: "s", responses, problems: [] } as const;
    // @ts-expect-error the 201 must carry its required Location header
    defineRoute({ ...base, handler: () => ({ status: 201, body: { id: "1" } }) });
    // @ts-expect-error 200 is not a declared status of this route
    defineRoute({ ...base, handler: () => ({ status: 200, body: { id: "1" } }) });
    // @ts-expect-error the 201 body must match its schema
    defineRoute({ ...base, handler: () => ({ status: 201, headers: { Location: "/x/1" }, body: { id: 1 } }) });
    defineRoute({ ...base, handler: () => ({ status: 204 }) });
  });

  it("gives an optional body as undefined when absent, a required one always", () => {
    defineRoute({
      method: "post",
      path: "/x",
      tags: [],
      summary: "s",
      body: { schema: Body, required: false },
      responses: { 204: { description: "none" } },
      problems: [],
      handler: ({ body }) => {
        // @ts-expect-error an optional body may be undefined
        void body.name;
        return { status: 204 };
      },
    });
  });
});

describe("mountRoutes", () => {
  it("refuses a declaration whose params do not name the path's placeholders, before adding any route", () => {
    const route = defineRoute({
      method: "get",
      path: "/x/{id}",
      tags: [],
      summary: "s",
      params: Params,
      responses: { 204: { description: "none" } },
      problems: [],
      handler: () => ({ status: 204 }),
    });
    const router = express.Router();
    expect(() => mountRoutes(router, [route], { bodyLimitBytes: 1_000 })).toThrow(/declares params \[model_id\]/);
    expect(router.stack).toHaveLength(0);
  });
});

describe("routeConfigOf", () => {
  it("documents params, body, responses with headers, the declared problems and 500", () => {
    const route = defineRoute({
      method: "put",
      path: "/x/{model_id}",
      tags: ["t"],
      summary: "s",
      params: Params,
      body: { schema: Body, required: true },
      responses: { 200: { description: "ok", body: Output, headers: { Link: optionalHeader("related") } } },
      problems: [404, { status: 401, description: "who?", headers: { "WWW-Authenticate": requiredHeader("realm") } }],
      handler: () => ({ status: 200, body: { id: "1" } }),
    });
    const config = routeConfigOf(route);
    expect(config.request?.params).toBe(Params);
    expect(config.request?.body).toEqual({ required: true, content: { "application/json": { schema: Body } } });
    expect(Object.keys(config.responses).sort()).toEqual(["200", "401", "404", "500"]);
    expect(config.responses[200]).toEqual({
      description: "ok",
      headers: { Link: optionalHeader("related") },
      content: { "application/json": { schema: Output } },
    });
    expect(config.responses[401]).toMatchObject({
      description: "who?",
      headers: { "WWW-Authenticate": { required: true } },
    });
    expect(config.responses[404]).toMatchObject({ content: { "application/problem+json": {} } });
  });
});
