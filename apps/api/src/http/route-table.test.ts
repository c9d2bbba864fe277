import { describe, expect, it } from "vitest";
import { routeTable } from "./route-table.js";

const sut = routeTable([
  { method: "get", path: "/api/v1/models", takesBody: false },
  { method: "post", path: "/api/v1/models", takesBody: true },
  { method: "get", path: "/api/v1/model/{model_id}", takesBody: false },
  { method: "delete", path: "/api/v1/model/{model_id}", takesBody: false },
  { method: "delete", path: "/api/v1/model/{model_id}/position", takesBody: true },
  { method: "get", path: "/api/v1/rebalance/{rebalance_id}/portfolio/{portfolio_id}/positions", takesBody: false },
]);

describe("routeTable", () => {
  it("lists a path's methods in Allow order, with HEAD wherever GET is", () => {
    expect(sut.methodsOf("/api/v1/models")).toEqual(["GET", "HEAD", "POST"]);
    expect(sut.methodsOf("/api/v1/model/abc")).toEqual(["GET", "HEAD", "DELETE"]);
    expect(sut.methodsOf("/api/v1/model/abc/position")).toEqual(["DELETE"]);
  });

  it("matches paths as Express does: any case, an optional trailing slash, one segment per parameter", () => {
    expect(sut.methodsOf("/API/V1/Models/")).toEqual(["GET", "HEAD", "POST"]);
    expect(sut.methodsOf("/api/v1/model/a/b")).toEqual([]);
    expect(sut.methodsOf("/api/v1/nothing")).toEqual([]);
  });

  it("says which operations take a body", () => {
    expect(sut.takesBody("POST", "/api/v1/models")).toBe(true);
    expect(sut.takesBody("GET", "/api/v1/models")).toBe(false);
    expect(sut.takesBody("DELETE", "/api/v1/model/abc")).toBe(false);
    expect(sut.takesBody("DELETE", "/api/v1/model/abc/position")).toBe(true);
  });

  it("names the path parameters of a path, still encoded", () => {
    expect(sut.paramsOf("/api/v1/model/%ZZ")).toEqual([{ name: "model_id", raw: "%ZZ" }]);
    expect(sut.paramsOf("/api/v1/rebalance/r%20/portfolio/p1/positions")).toEqual([
      { name: "rebalance_id", raw: "r%20" },
      { name: "portfolio_id", raw: "p1" },
    ]);
    expect(sut.paramsOf("/api/v1/models")).toEqual([]);
  });
});
