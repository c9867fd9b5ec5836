import { adaptiveController } from '../controller/adaptiveController';
import { articleController } from '../controller/articleController';
import type {
  BaseControllerState,
  CallObservation,
  Controller,
  ControlStep,
  ProviderParameters,
} from '../controller/types';

export type ControllerName = 'article' | 'adaptive';

const CONTROLLERS: Record<ControllerName, Controller<BaseControllerState>> = {
  article: articleController as unknown as Controller<BaseControllerState>,
  adaptive: adaptiveController as unknown as Controller<BaseControllerState>,
};

export const controllerNamed = (name: string): Controller<BaseControllerState> => {
  const found = CONTROLLERS[name as ControllerName];
  if (!found)
    throw new Error(`CONTROLLER must be one of ${Object.keys(CONTROLLERS).join(', ')} (got ${name})`);
  return found;
};

/**
 * The persisted state, or the controller's initial state when none is stored or the stored one belongs to
 * another controller (the provider's `controller` param changed) or does not parse.
 */
export const loadState = (
  controller: Controller<BaseControllerState>,
  params: ProviderParameters,
  stored: unknown,
  seed: number,
): BaseControllerState => {
  if (stored !== undefined) {
    try {
      const state = controller.parseState(stored);
      if (state.controller === controller.name) return state;
    } catch {
      // fall through: start afresh
    }
  }
  return controller.initialState(params, seed);
};

/** One controller step: after a batch (with its observations) or on the scheduled tick. */
export const controlStep = (
  controller: Controller<BaseControllerState>,
  params: ProviderParameters,
  state: BaseControllerState,
  input: { kind: 'batch'; observations: readonly CallObservation[] } | { kind: 'tick' },
  now: number,
): ControlStep<BaseControllerState> =>
  input.kind === 'batch'
    ? controller.afterBatch(state, params, input.observations, now)
    : controller.onTick(state, params, now);
