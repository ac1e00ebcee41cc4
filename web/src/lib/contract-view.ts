// What the contract pages decide without the server (CONTRACTS.md §4, §11):
// a contract's cells in words (type, term, IP grant, exclusivity, flags,
// shares), every member of a contract as a labelled term, and the health
// check's findings ordered high first and counted by severity (their names
// in words, and those of the sourcing concentration, §10). The findings
// themselves are the server's; nothing here checks a contract.
import type { Contract, Finding } from '../api/types';
import { formatDate } from './format';

/** The severities of the default rule set, most severe first (rule-set data: others sort after them). */
export const SEVERITIES: readonly string[] = ['high', 'medium', 'low'];

function severityRank(severity: string): number {
  const rank = SEVERITIES.indexOf(severity);
  return rank < 0 ? SEVERITIES.length : rank;
}

/** The findings high first; within a severity in the check's order (a stable sort). */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => severityRank(a.finding.severity) - severityRank(b.finding.severity) || a.index - b.index)
    .map(({ finding }) => finding);
}

/** The findings of each contract, each list high first. */
export function findingsByContract<T extends Finding & { contract_id: string }>(
  findings: readonly T[],
): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const finding of findings) {
    const list = grouped.get(finding.contract_id);
    if (list) list.push(finding);
    else grouped.set(finding.contract_id, [finding]);
  }
  for (const [id, list] of grouped) grouped.set(id, sortFindings(list));
  return grouped;
}

export interface SeverityCount {
  severity: string;
  count: number;
}

/** How many findings of each severity, most severe first; severities without findings left out. */
export function severityCounts(findings: readonly Finding[]): SeverityCount[] {
  const counts = new Map<string, number>();
  for (const finding of sortFindings(findings)) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  return [...counts].map(([severity, count]) => ({ severity, count }));
}

/** "2 high, 1 medium", or "no findings". */
export function severityWords(counts: readonly SeverityCount[]): string {
  if (counts.length === 0) return 'no findings';
  return counts.map((c) => `${c.count} ${c.severity}`).join(', ');
}

const FINDING_LABELS: Record<string, string> = {
  broad_ip_grant: 'Broad IP grant',
  exclusive_without_end: 'Exclusivity without end',
  exclusive_beyond_term: 'Exclusivity beyond the term',
  no_delivery_penalty: 'No delivery penalty',
  no_quality_kpi: 'No quality KPI',
  no_ladder: 'No escalation ladder',
  material_without_price: 'Material without price',
  index_without_collar: 'Index without floor or ceiling',
  index_without_fallback: 'Index without fallback',
  no_objective_force_majeure: 'Force majeure not objective',
  no_contingency_logistics: 'No contingency logistics',
  single_source_no_dual_clause: 'Single source without dual-source clause',
  dual_source_lead_too_short: 'Dual-source lead time too short',
  licence_without_escrow: 'Licence without escrow',
  no_steering_committee: 'No steering committee',
  cap_above_limit: 'Cap above the limit',
  // The sourcing concentration's findings (§10).
  single_source: 'Single source',
  no_dual_source_clause: 'No dual-source clause',
  source_class_c: 'Source in class C',
  source_on_hold: 'Source on hold',
  single_country: 'Single country',
  high_concentration: 'High concentration',
  unpriced_deliveries: 'Unpriced deliveries',
  mixed_currency: 'Mixed currencies',
};

/** The words of a code the page knows no label for: `some_code` → "Some code". */
function codeWords(code: string): string {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A finding's name in words ("broad_ip_grant" → "Broad IP grant"). */
export function findingLabel(finding: string): string {
  return FINDING_LABELS[finding] ?? codeWords(finding);
}

const TYPE_LABELS: Record<string, string> = {
  supply: 'Standard supply',
  preferred: 'Preferred supplier',
  joint_venture: 'Joint venture',
  license: 'Licensing',
  co_development: 'Co-development',
};

/** A contract type in words (§4's table; an unknown type as its words). */
export function contractTypeLabel(type: string): string {
  return TYPE_LABELS[type] ?? codeWords(type);
}

/** The types the register's filter offers. */
export const CONTRACT_TYPES: readonly string[] = Object.keys(TYPE_LABELS);

/** "1 Jan 2025 – 31 Dec 2027", or "1 Jan 2025 – open" without an end. */
export function termWords(contract: Pick<Contract, 'start' | 'end'>, locale?: string): string {
  return `${formatDate(contract.start, locale)} – ${contract.end === null ? 'open' : formatDate(contract.end, locale)}`;
}

const IP_GRANTS: Record<string, string> = {
  none: 'none',
  field_limited: 'field-limited licence',
  global: 'global licence',
  assignment: 'assignment',
};

/** The IP granted to the partner and for how long; empty cells take the defaults (none, the term). */
export function ipWords(contract: Pick<Contract, 'ip_to_partner' | 'ip_term'>): string {
  const grant = contract.ip_to_partner ?? 'none';
  if (grant === 'none') return 'none';
  const term = (contract.ip_term ?? 'term') === 'perpetual' ? 'perpetual' : 'for the term';
  return `${IP_GRANTS[grant] ?? codeWords(grant)}, ${term}`;
}

/** "not exclusive", "exclusive, no end date" or "exclusive until 30 Jun 2027". */
export function exclusivityWords(contract: Pick<Contract, 'exclusive' | 'exclusive_until'>, locale?: string): string {
  if (!contract.exclusive) return 'not exclusive';
  return contract.exclusive_until === null
    ? 'exclusive, no end date'
    : `exclusive until ${formatDate(contract.exclusive_until, locale)}`;
}

export function yesNo(flag: boolean): string {
  return flag ? 'yes' : 'no';
}

/**
 * A share (an exact decimal ≤ 1, "0.05") as a percentage ("5 %"), shifting
 * the decimal point in the text, so "0.125" is "12.5 %" exactly; null is
 * the rule set's default.
 */
export function shareWords(share: string | null): string {
  if (share === null) return 'rule set default';
  const match = /^(\d+)(?:\.(\d+))?$/.exec(share);
  if (!match) return share;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const whole = `${match[1]}${fraction.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = fraction.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''} %`;
}

/** One labelled term of a contract, as the contract page lists them. */
export interface ContractTerm {
  label: string;
  value: string;
}

/** Every member of a contract in words, in the order of contracts.csv (§3), materials last. */
export function contractTerms(contract: Contract, locale?: string): ContractTerm[] {
  return [
    { label: 'Contract', value: contract.contract_id },
    { label: 'Supplier', value: `${contract.supplier_name} (${contract.supplier_id})` },
    { label: 'Type', value: contractTypeLabel(contract.type) },
    { label: 'Title', value: contract.title ?? '—' },
    { label: 'Term', value: termWords(contract, locale) },
    { label: 'Currency', value: contract.currency },
    { label: 'Volume tiers', value: contract.tier_mode === null ? 'rule set default' : codeWords(contract.tier_mode) },
    { label: 'Penalty cap', value: shareWords(contract.penalty_cap_share) },
    { label: 'Bonus cap', value: shareWords(contract.bonus_cap_share) },
    { label: 'Escalation ladder', value: contract.ladder ?? 'default' },
    { label: 'Exclusivity', value: exclusivityWords(contract, locale) },
    { label: 'IP granted to the partner', value: ipWords(contract) },
    { label: 'Software escrow', value: yesNo(contract.software_escrow) },
    {
      label: 'Dual-source lead time',
      value: contract.dual_source_lead_days === null ? 'none agreed' : `${contract.dual_source_lead_days} days`,
    },
    { label: 'Force majeure', value: contract.force_majeure ?? 'none' },
    { label: 'Contingency logistics', value: yesNo(contract.contingency_logistics) },
    { label: 'Steering committee', value: yesNo(contract.steering_committee) },
    { label: 'Materials', value: contract.materials.length === 0 ? 'none' : contract.materials.join(', ') },
  ];
}
