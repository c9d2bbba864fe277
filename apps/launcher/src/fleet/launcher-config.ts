// The launcher's configuration: the shared sections it needs, parsed once; a bad value stops it with a
// message naming the variable. Used by `npm start`, `npm run demo` and the fleet bench.
import { commonEnv, ConfigError, launcherEnv, mongoEnv, parseConfig, redisEnv, serverEnv } from "@ogs/config";

const launcherSchema = commonEnv.extend({
  ...mongoEnv.shape,
  ...redisEnv.shape,
  ...launcherEnv.shape,
  PORT: serverEnv.shape.PORT,
  HOST: serverEnv.shape.HOST,
});

export type LauncherConfig = ReturnType<typeof launcherSchema.parse>;

export function loadLauncherConfig(env: NodeJS.ProcessEnv): LauncherConfig {
  try {
    return parseConfig(launcherSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
