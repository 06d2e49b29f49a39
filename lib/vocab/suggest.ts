/** Levenshtein distance between two strings (case-sensitive). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo: same word in another
 * case, a small edit distance, or a name sharing most of its stem (`tags` → `tagOverrides`).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    let score: number;
    if (cl === lower) {score = 0;} else {
      const d = editDistance(lower, cl);
      const limit = Math.max(1, Math.min(3, Math.floor(Math.max(word.length, c.length) / 3)));
      if (d <= limit) {score = d;} else {
        // A shared stem (`tags` / `tagOverrides`): ranked after every plain typo.
        let prefix = 0;
        while (prefix < lower.length && prefix < cl.length && lower[prefix] === cl[prefix]) prefix++;
        if (prefix < 3 || prefix < 0.6 * Math.min(lower.length, cl.length)) continue;
        score = 10 - prefix / 100;
      }
    }
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Optimal string alignment distance: Levenshtein plus the swap of two adjacent characters as one edit, the most
 * common typo in names (`ordres` → `orders`).
 */
export function typoDistance(a: string, b: string): number {
  if (a === b) return 0;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
