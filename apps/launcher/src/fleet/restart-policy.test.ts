import { describe, expect, it } from "vitest";
import { planRestart, restartPolicyFrom, type RestartPolicy } from "./restart-policy.js";

const policy: RestartPolicy = { delayMs: 1_000, maxDelayMs: 30_000, budget: 5, windowMs: 60_000 };

describe(planRestart.name, () => {
  it("restarts a first death after the base delay", () => {
    expect(planRestart([], 100_000, policy)).toEqual({ restart: true, delayMs: 1_000, nth: 1 });
  });

  it("doubles the delay with each restart within the window", () => {
    const restartedAt = [90_000, 91_000, 93_000];
    expect(planRestart(restartedAt, 100_000, policy)).toEqual({ restart: true, delayMs: 8_000, nth: 4 });
  });

  it("caps the delay at maxDelayMs", () => {
    const sut = planRestart([1, 2, 3, 4, 5, 6], 10, { ...policy, budget: 10 });
    expect(sut).toEqual({ restart: true, delayMs: 30_000, nth: 7 });
  });

  it("forgets restarts older than the window, so a child that ran a while starts again at the base delay", () => {
    expect(planRestart([0, 1_000, 2_000, 3_000, 4_000], 64_001, policy)).toEqual({
      restart: true,
      delayMs: 1_000,
      nth: 1,
    });
  });

  it("gives up once the budget of restarts within the window is spent", () => {
    expect(planRestart([50_000, 51_000, 53_000, 57_000, 65_000], 100_000, policy)).toEqual({
      restart: false,
      recent: 5,
    });
  });

  it("never restarts with a budget of 0 or without a policy", () => {
    expect(planRestart([], 0, { ...policy, budget: 0 })).toEqual({ restart: false, recent: 0 });
    expect(planRestart([], 0, undefined)).toEqual({ restart: false, recent: 0 });
  });
});

describe(restartPolicyFrom.name, () => {
  it("maps the launcher configuration", () => {
    expect(
      restartPolicyFrom({
        LAUNCHER_RESTART_DELAY_MS: 1_000,
        LAUNCHER_RESTART_MAX_DELAY_MS: 30_000,
        LAUNCHER_RESTART_BUDGET: 5,
        LAUNCHER_RESTART_WINDOW_MS: 60_000,
      }),
    ).toEqual(policy);
  });
});
