// The numeric limits of SPEC §4.1–§4.2, shared by the rules and by the API's request schemas.
import { Dec } from "../money.js";

export const MODEL_LIMITS = {
  /** Largest target of one position (SPEC §4.1). */
  targetMax: new Dec("0.95"),
  /** Targets are 0 or multiples of this step (rule 1). */
  targetStep: new Dec("0.005"),
  /** Largest drift bound (SPEC §4.1). */
  driftMax: new Dec("1"),
  /** Largest sum of targets: every model keeps at least 5 % cash (rule 5). */
  targetSumMax: new Dec("0.95"),
  /** Most positions with a target above 0 (rule 2). */
  maxPositions: 100,
  /** Name length bounds (SPEC §4.1). */
  nameMinLength: 1,
  nameMaxLength: 200,
} as const;

/** Security ids are 24 alphanumeric characters (SPEC §4.1). */
export const SECURITY_ID_PATTERN = /^[A-Za-z0-9]{24}$/;
/** Portfolio ids are 24-character strings (SPEC §3); we accept letters and digits. */
export const PORTFOLIO_ID_PATTERN = /^[A-Za-z0-9]{24}$/;
/** Ids we mint are MongoDB ObjectIds in hex (SPEC §3). */
export const MODEL_ID_PATTERN = /^[0-9a-fA-F]{24}$/;
