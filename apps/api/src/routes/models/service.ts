// Model use cases (SPEC §4): every write runs the §4.2 rules (normalizeModel) and the store's
// conditional update. No express here: routes validate input, call one function, map the result.
import {
  addPortfolios,
  addPosition,
  assertOptionSecuritiesKnown,
  normalizeModel,
  removePortfolios,
  removePosition,
  replacePosition,
  type Model,
  type ModelContent,
  type Position,
  type RebalanceOptions,
} from "@ogs/domain";
import type { ModelListQuery, ModelRepository } from "@ogs/store";

export interface ModelPage {
  models: Model[];
  total: number;
}

export function createModelService(models: ModelRepository) {
  return {
    // An offset at or beyond the number of models is an empty page, 200 [] (SPEC §4.3, the original's behaviour).
    list: (query: ModelListQuery): Promise<ModelPage> => models.list(query),

    get: (id: string): Promise<Model> => models.get(id),

    create: (content: ModelContent): Promise<Model> => models.create(normalizeModel(content)),

    replace: (id: string, version: number, content: ModelContent, lastRebalanceDate?: Date | null): Promise<Model> =>
      models.replace(id, version, {
        ...normalizeModel(content),
        ...(lastRebalanceDate !== undefined ? { lastRebalanceDate } : {}),
      }),

    remove: (id: string, version: number): Promise<void> => models.remove(id, version),

    addPosition: (id: string, version: number | undefined, position: Position) =>
      models.edit(id, version, (model) => normalizeModel(addPosition(model, position))),

    replacePosition: (id: string, version: number | undefined, position: Position) =>
      models.edit(id, version, (model) => normalizeModel(replacePosition(model, position))),

    removePosition: (id: string, version: number | undefined, position: Position) =>
      models.edit(id, version, (model) => normalizeModel(removePosition(model, position))),

    addPortfolios: (id: string, version: number | undefined, portfolios: string[]) =>
      models.edit(id, version, (model) => normalizeModel(addPortfolios(model, portfolios))),

    removePortfolios: (id: string, version: number | undefined, portfolios: string[]) =>
      models.edit(id, version, (model) => normalizeModel(removePortfolios(model, portfolios))),

    /** Replaces the model's default trading options; per-security entries must name the model's securities. */
    setRebalanceOptions: (id: string, version: number | undefined, options: RebalanceOptions) =>
      models.editRebalanceOptions(id, version, (model) => {
        assertOptionSecuritiesKnown(
          options,
          model.positions.map((position) => position.securityId),
          "",
        );
        return options;
      }),
  };
}

export type ModelService = ReturnType<typeof createModelService>;
