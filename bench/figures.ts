/** One measured figure; `baseline`/`ratio` when it is measured against a peer in the same run. */
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  note?: string;
}
