// The dataset the simulators serve (README "GlobeCo simulators"): securities with tickers and prices,
// portfolios with names, cash and holdings. Decimals are exact strings once normalised (SPEC §3).

/** A dataset as written in a file: decimals may be JSON strings or numbers. */
export interface DatasetInput {
  securities: { security_id: string; ticker: string; price: string | number }[];
  /** A portfolio with neither `cash` nor `holdings` has no balance record (accounting summary → 404). */
  portfolios: {
    portfolio_id: string;
    name: string;
    cash?: string | number;
    holdings?: { security_id: string; quantity: string | number }[];
  }[];
}

/** The normalised dataset served by `GET {base}/_sim/dataset`: every decimal is an exact string. */
export interface Dataset {
  securities: { security_id: string; ticker: string; price: string }[];
  portfolios: {
    portfolio_id: string;
    name: string;
    cash?: string;
    holdings?: { security_id: string; quantity: string }[];
  }[];
}

export type SimulatedSecurity = Dataset["securities"][number];
export type SimulatedPortfolio = Dataset["portfolios"][number];
