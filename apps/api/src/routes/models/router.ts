// HTTP edge of the model API (SPEC §4.3): validate, call one service function, map the result.
import { ValidationError } from "@ogs/domain";
import type { Request, Router } from "express";
import express from "express";
import { API_PREFIX } from "../../http/openapi.js";
import { parseInput } from "../../http/validate.js";
import { toStoreListQuery } from "./list-query.js";
import {
  ModelCreateInput,
  ModelListQuery,
  ModelParams,
  ModelReplaceInput,
  NoQuery,
  OptionalVersionQuery,
  PortfolioChangeInput,
  PositionChangeInput,
  RequiredVersionQuery,
} from "./schemas.js";
import type { ModelService } from "./service.js";
import { modelToWire, positionFromWire } from "./wire.js";

function modelIdOf(req: Request): string {
  return parseInput(ModelParams, req.params, "path").model_id.toLowerCase();
}

/** Sub-resource writes take an optional version in the query or the body (SPEC §4.3); both must agree. */
function subResourceVersion(req: Request, bodyVersion: number | undefined): number | undefined {
  const query = parseInput(OptionalVersionQuery, req.query, "query");
  const queryVersion = query.version === undefined ? undefined : Number(query.version);
  if (queryVersion !== undefined && bodyVersion !== undefined && queryVersion !== bodyVersion) {
    throw new ValidationError(
      `The request is invalid: the query says version ${queryVersion} but the body says ${bodyVersion}.`,
      [{ field: "version", message: "query and body versions differ" }],
    );
  }
  return queryVersion ?? bodyVersion;
}

export function createModelsRouter(service: ModelService): Router {
  const router = express.Router();

  router.get("/models", async (req, res) => {
    const query = parseInput(ModelListQuery, req.query, "query");
    const page = await service.list(toStoreListQuery(query));
    res.setHeader("X-Total-Count", String(page.total));
    res.json(page.models.map(modelToWire));
  });

  router.post("/models", async (req, res) => {
    parseInput(NoQuery, req.query, "query");
    const body = parseInput(ModelCreateInput, req.body, "body");
    const model = await service.create({
      name: body.name,
      positions: body.positions.map(positionFromWire),
      portfolios: body.portfolios,
    });
    res.status(201).location(`${API_PREFIX}/model/${model.id}`).json(modelToWire(model));
  });

  router.get("/model/:model_id", async (req, res) => {
    const id = modelIdOf(req);
    parseInput(NoQuery, req.query, "query");
    res.json(modelToWire(await service.get(id)));
  });

  router.put("/model/:model_id", async (req, res) => {
    const id = modelIdOf(req);
    parseInput(NoQuery, req.query, "query");
    const body = parseInput(ModelReplaceInput, req.body, "body");
    const lastRebalanceDate =
      body.last_rebalance_date === undefined
        ? undefined
        : body.last_rebalance_date === null
          ? null
          : new Date(body.last_rebalance_date);
    const model = await service.replace(
      id,
      body.version,
      { name: body.name, positions: body.positions.map(positionFromWire), portfolios: body.portfolios },
      lastRebalanceDate,
    );
    res.json(modelToWire(model));
  });

  router.delete("/model/:model_id", async (req, res) => {
    const id = modelIdOf(req);
    const query = parseInput(RequiredVersionQuery, req.query, "query");
    await service.remove(id, Number(query.version));
    res.status(204).end();
  });

  const positionRoutes = [
    ["post", service.addPosition],
    ["put", service.replacePosition],
    ["delete", service.removePosition],
  ] as const;
  for (const [method, change] of positionRoutes) {
    router[method]("/model/:model_id/position", async (req, res) => {
      const id = modelIdOf(req);
      const body = parseInput(PositionChangeInput, req.body, "body");
      const model = await change(id, subResourceVersion(req, body.version), positionFromWire(body));
      res.json(modelToWire(model));
    });
  }

  const portfolioRoutes = [
    ["post", service.addPortfolios],
    ["delete", service.removePortfolios],
  ] as const;
  for (const [method, change] of portfolioRoutes) {
    router[method]("/model/:model_id/portfolio", async (req, res) => {
      const id = modelIdOf(req);
      const body = parseInput(PortfolioChangeInput, req.body, "body");
      const model = await change(id, subResourceVersion(req, body.version), body.portfolios);
      res.json(modelToWire(model));
    });
  }

  return router;
}
