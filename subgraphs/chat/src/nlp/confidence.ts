// How sure the parser is of a transaction: the share of the record that the words stated rather
// than defaults filled in, with the parts weighted by what a wrong guess costs the user.
//   amount    0.35 with a written currency, 0.30 a bare number in the base currency, 0 none;
//             0.10 less when hedged ("about 60", "20ish")
//   category  0.25 from a learned word or a strong lexicon word, 0.15 from weak hints only,
//             0.05 when it fell back to miscellaneous
//   kind      0.20 when a word says expense or income, 0.10 when it is expense by default
//   date      0.10 (a written date, or today by default: both usually right)
//   title     0.05 when a title could be cut
// So a complete "$12 lunch yesterday" scores 0.85 to 0.95 and a bare "bought groceries" about 0.55.

export interface ConfidenceInputs {
  readonly amount: 'written' | 'bare' | 'none';
  readonly hedged: boolean;
  readonly category: 'strong' | 'weak' | 'default';
  readonly kindStated: boolean;
  readonly hasTitle: boolean;
}

export function confidenceOf(i: ConfidenceInputs): number {
  const amount = i.amount === 'written' ? 0.35 : i.amount === 'bare' ? 0.3 : 0;
  const score =
    Math.max(0, amount - (i.hedged && i.amount !== 'none' ? 0.1 : 0)) +
    (i.category === 'strong' ? 0.25 : i.category === 'weak' ? 0.15 : 0.05) +
    (i.kindStated ? 0.2 : 0.1) +
    0.1 +
    (i.hasTitle ? 0.05 : 0);
  return Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;
}
