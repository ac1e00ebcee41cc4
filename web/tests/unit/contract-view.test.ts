// The contract pages' own decisions: findings high first and counted, a
// contract's cells in words, shares as exact percentages.
import { describe, expect, it } from 'vitest';
import type { Contract, ContractFinding } from '../../src/api/types';
import {
  contractTerms,
  contractTypeLabel,
  exclusivityWords,
  findingLabel,
  findingsByContract,
  ipWords,
  severityCounts,
  severityWords,
  shareWords,
  sortFindings,
  termWords,
} from '../../src/lib/contract-view';

const finding = (
  contract_id: string,
  severity: string,
  name: string,
  detail: string | null = null,
): ContractFinding => ({
  contract_id,
  supplier_id: 'S1',
  finding: name,
  severity,
  detail,
});

const contract: Contract = {
  contract_id: 'CT0001',
  supplier_id: 'S00001',
  supplier_name: 'Acme',
  type: 'supply',
  title: 'Supply agreement CT0001',
  start: '2025-01-01',
  end: null,
  currency: 'EUR',
  tier_mode: null,
  penalty_cap_share: '0.1',
  bonus_cap_share: null,
  ladder: null,
  exclusive: false,
  exclusive_until: null,
  ip_to_partner: null,
  ip_term: null,
  software_escrow: false,
  dual_source_lead_days: null,
  force_majeure: null,
  contingency_logistics: true,
  steering_committee: false,
  materials: ['M1', 'M2'],
};

describe('the findings', () => {
  it('puts high first and keeps the check’s order within a severity', () => {
    const sorted = sortFindings([
      finding('C', 'low', 'index_without_fallback', 'M1 LME-AL'),
      finding('C', 'medium', 'no_ladder'),
      finding('C', 'high', 'no_quality_kpi'),
      finding('C', 'medium', 'cap_above_limit', 'contract 0.3'),
      finding('C', 'high', 'broad_ip_grant', 'global term'),
    ]);
    expect(sorted.map((f) => f.finding)).toEqual([
      'no_quality_kpi',
      'broad_ip_grant',
      'no_ladder',
      'cap_above_limit',
      'index_without_fallback',
    ]);
  });

  it('sorts a severity the rule set invented after the known ones', () => {
    const sorted = sortFindings([finding('C', 'critical', 'x'), finding('C', 'low', 'y')]);
    expect(sorted.map((f) => f.severity)).toEqual(['low', 'critical']);
  });

  it('groups by contract, each high first', () => {
    const grouped = findingsByContract([
      finding('CT2', 'low', 'a'),
      finding('CT1', 'medium', 'b'),
      finding('CT2', 'high', 'c'),
    ]);
    expect([...grouped.keys()]).toEqual(['CT2', 'CT1']);
    expect(grouped.get('CT2')?.map((f) => f.finding)).toEqual(['c', 'a']);
    expect(grouped.get('CT3')).toBeUndefined();
  });

  it('counts by severity, leaving out severities without findings', () => {
    const counts = severityCounts([finding('C', 'low', 'a'), finding('C', 'high', 'b'), finding('C', 'high', 'c')]);
    expect(counts).toEqual([
      { severity: 'high', count: 2 },
      { severity: 'low', count: 1 },
    ]);
    expect(severityWords(counts)).toBe('2 high, 1 low');
    expect(severityCounts([])).toEqual([]);
    expect(severityWords([])).toBe('no findings');
  });

  it('names a finding in words, an unknown one from its code', () => {
    expect(findingLabel('broad_ip_grant')).toBe('Broad IP grant');
    expect(findingLabel('new_rule_here')).toBe('New rule here');
  });
});

describe('a contract in words', () => {
  it('says the term, open without an end', () => {
    expect(termWords(contract, 'en-GB')).toBe('1 Jan 2025 – open');
    expect(termWords({ start: '2025-01-01', end: '2027-12-31' }, 'en-GB')).toBe('1 Jan 2025 – 31 Dec 2027');
  });

  it('says the IP grant with the defaults of empty cells', () => {
    expect(ipWords({ ip_to_partner: null, ip_term: null })).toBe('none');
    expect(ipWords({ ip_to_partner: 'none', ip_term: 'perpetual' })).toBe('none');
    expect(ipWords({ ip_to_partner: 'global', ip_term: null })).toBe('global licence, for the term');
    expect(ipWords({ ip_to_partner: 'assignment', ip_term: 'perpetual' })).toBe('assignment, perpetual');
  });

  it('says the exclusivity and its end', () => {
    expect(exclusivityWords({ exclusive: false, exclusive_until: '2027-01-01' })).toBe('not exclusive');
    expect(exclusivityWords({ exclusive: true, exclusive_until: null })).toBe('exclusive, no end date');
    expect(exclusivityWords({ exclusive: true, exclusive_until: '2027-06-30' }, 'en-GB')).toBe(
      'exclusive until 30 Jun 2027',
    );
  });

  it('names the types, an unknown one from its code', () => {
    expect(contractTypeLabel('joint_venture')).toBe('Joint venture');
    expect(contractTypeLabel('frame_order')).toBe('Frame order');
  });

  it('writes a share as an exact percentage', () => {
    expect(shareWords('0.05')).toBe('5 %');
    expect(shareWords('0.125')).toBe('12.5 %');
    expect(shareWords('1')).toBe('100 %');
    expect(shareWords('0')).toBe('0 %');
    expect(shareWords('0.0000001')).toBe('0.00001 %');
    expect(shareWords(null)).toBe('rule set default');
    expect(shareWords('n/a')).toBe('n/a');
  });

  it('lists every member with a label, null cells in words', () => {
    const terms = contractTerms(contract, 'en-GB');
    expect(terms.map((t) => t.label)).toContain('IP granted to the partner');
    const value = (label: string): string | undefined => terms.find((t) => t.label === label)?.value;
    expect(value('Supplier')).toBe('Acme (S00001)');
    expect(value('Penalty cap')).toBe('10 %');
    expect(value('Bonus cap')).toBe('rule set default');
    expect(value('Dual-source lead time')).toBe('none agreed');
    expect(value('Materials')).toBe('M1, M2');
    expect(contractTerms({ ...contract, title: null, materials: [] }).find((t) => t.label === 'Title')?.value).toBe(
      '—',
    );
    expect(new Set(terms.map((t) => t.label)).size).toBe(terms.length);
  });
});
