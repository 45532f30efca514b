import {
  buildInteractionMatrix,
  type InteractionMatrix,
} from '../../../../engine/recommenders/objective/interactions.ts';
import {
  plantedInteractions,
  plantedTriples,
  type PlantedData,
  type PlantedOptions,
} from '../../../../engine/recommenders/evaluation/planted-data.ts';
import {
  resolveHyperparameters,
  type ModelHyperparameters,
} from '../../../../engine/recommenders/objective/hyperparameters.ts';

/** A small planted data set (seeded): 6 item clusters, individuals focused on one. */
export function planted(over: Partial<PlantedOptions> = {}): PlantedData {
  return plantedInteractions({ users: 300, items: 120, clusters: 6, eventsPerUser: 8, focus: 0.85, seed: 7, ...over });
}

/** The whole planted data set as a matrix (every interaction, weight 1). */
export function plantedMatrix(d: PlantedData = planted()): InteractionMatrix {
  return buildInteractionMatrix(d.users, d.items, plantedTriples(d, 0, 1));
}

/** Default hyperparameters with overrides. */
export const hyper = (over: Record<string, number> = {}): ModelHyperparameters => resolveHyperparameters(over);

/** A matrix from (user, item, weight) rows. */
export function matrixOf(users: number, items: number, rows: [number, number, number][]): InteractionMatrix {
  return buildInteractionMatrix(users, items, {
    length: rows.length,
    user: Int32Array.from(rows.map((r) => r[0])),
    item: Int32Array.from(rows.map((r) => r[1])),
    weight: Float64Array.from(rows.map((r) => r[2])),
  });
}
