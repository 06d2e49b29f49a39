/** How many nodes (maps, lists, scalars) a run may expand aliases into, beyond what the text spells out. */
export const DEFAULT_ALIAS_BUDGET = 1_000_000;

/** Thrown when aliases expand past the budget. */
export class AliasBombError extends Error {}

/**
 * Bounds what aliases make a run read: a YAML alias is the same object as its anchor, so a
 * "billion laughs" text of a few KB is a small graph that every check walking it sees as gigabytes.
 * Shared by every document of a run.
 */
export class AliasBudget {
  private used = 0;

  public constructor(public readonly limit: number = DEFAULT_ALIAS_BUDGET) {}

  /**
   * Charges the nodes a document's aliases add (its size expanded minus its distinct nodes), in time
   * linear in its distinct nodes. @throws AliasBombError past the limit
   */
  public charge(value: unknown): void {
    const size = new Map<object, number>();
    let literal = 0; // nodes as the text spells them: each map or list once, with its scalars
    const expanded = (v: unknown): number => {
      if (typeof v !== 'object' || v === null) return 1;
      const known = size.get(v);
      if (known !== undefined) return known;
      size.set(v, 1); // a cycle counts once
      let n = 1;
      literal++;
      for (const child of Array.isArray(v) ? v : Object.values(v)) {
        if (typeof child !== 'object' || child === null) literal++;
        n += expanded(child);
      }
      size.set(v, n);
      return n;
    };
    this.used += Math.max(0, expanded(value) - literal);
    if (this.used > this.limit) {
      throw new AliasBombError(`aliases expand the input by more than ${this.limit} nodes (an alias bomb?)`);
    }
  }
}
