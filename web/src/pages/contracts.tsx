// The contract register (GET /api/v1/contracts): each contract's supplier,
// type, title, term, currency, IP grant and exclusivity, filtered by
// supplier, type and text (the URL's query, so a view can be shared), paged;
// for staff each contract's health findings (GET /api/v1/contract-findings),
// counted by severity and listed high first. A supplier user sees its own
// contracts (the server scopes them) and no findings: the health check is
// the buyer's own risk review.
import { useState } from 'preact/hooks';
import type { Contract, ContractFinding, ListPage } from '../api/types';
import { FindingList } from '../components/contract-parts';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { ListPager } from '../components/table-controls';
import {
  CONTRACT_TYPES,
  contractTypeLabel,
  exclusivityWords,
  findingsByContract,
  ipWords,
  termWords,
} from '../lib/contract-view';
import { CONTRACTS_PATH, contractPath, listPath, navigate, offsetOf, onLinkClick, scorecardPath } from '../lib/router';
import { isStaff, useApp } from '../lib/session';

const PAGE_SIZE = 50;
/** The findings read for the page at once (the check gives a few per contract). */
const FINDINGS_LIMIT = 1000;
const FILTERS = ['supplier_id', 'type', 'q'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function filtersOf(search: string): Filters {
  const params = new URLSearchParams(search);
  return { supplier_id: params.get('supplier_id') ?? '', type: params.get('type') ?? '', q: params.get('q') ?? '' };
}

export function ContractsPage({ search }: { search: string }) {
  const { client, session } = useApp();
  useTitle('Contracts');
  const staff = isStaff(session.role);
  const filters = filtersOf(search);
  const offset = offsetOf(search);
  const contracts = useLoad(`contracts|${search}`, () =>
    client.get<ListPage<Contract>>('/api/v1/contracts', { ...filters, limit: PAGE_SIZE, offset }),
  );
  const findings = useLoad(`contract-findings|${staff}|${filters.supplier_id}`, () =>
    staff
      ? client.get<ListPage<ContractFinding>>('/api/v1/contract-findings', {
          supplier_id: filters.supplier_id,
          limit: FINDINGS_LIMIT,
        })
      : Promise.resolve(null),
  );
  return (
    <section class="contracts">
      <h1>{staff ? 'Contracts' : 'My contracts'}</h1>
      <FilterForm filters={filters} staff={staff} />
      {contracts.state === 'loading' && <Loading what="the contracts" />}
      {contracts.state === 'error' && <ErrorState error={contracts.error} />}
      {contracts.state === 'ready' && contracts.value.total_count === 0 && (
        <Empty>No contract matches these filters.</Empty>
      )}
      {contracts.state === 'ready' && contracts.value.total_count > 0 && (
        <>
          {findings.state === 'error' && <ErrorState error={findings.error} />}
          <ContractTable
            rows={contracts.value.rows}
            findings={findings.state === 'ready' && findings.value ? findingsByContract(findings.value.rows) : null}
            staff={staff}
          />
          <ListPager
            what="Contracts"
            list={contracts.value}
            onPage={(next) => navigate(listPath(CONTRACTS_PATH, filters, next))}
          />
        </>
      )}
    </section>
  );
}

function FilterForm({ filters, staff }: { filters: Filters; staff: boolean }) {
  const [draft, setDraft] = useState(filters);
  const set = (name: keyof Filters) => (value: string) => setDraft({ ...draft, [name]: value });
  return (
    <form
      class="toolbar no-print"
      role="search"
      aria-label="Filter contracts"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(listPath(CONTRACTS_PATH, { ...draft, supplier_id: draft.supplier_id.trim(), q: draft.q.trim() }));
      }}
    >
      {staff && <Field id="filter-supplier" label="Supplier" value={draft.supplier_id} onValue={set('supplier_id')} />}
      <label for="filter-type">Type</label>
      <select id="filter-type" value={draft.type} onChange={(e) => set('type')(e.currentTarget.value)}>
        <option value="">any</option>
        {CONTRACT_TYPES.map((type) => (
          <option key={type} value={type}>
            {contractTypeLabel(type)}
          </option>
        ))}
      </select>
      <Field id="filter-q" label="Search" type="search" value={draft.q} onValue={set('q')} />
      <button type="submit">Filter</button>
    </form>
  );
}

function ContractTable(props: { rows: Contract[]; findings: Map<string, ContractFinding[]> | null; staff: boolean }) {
  return (
    <div class="table-scroll">
      <table class="contract-list">
        <caption class="visually-hidden">Contracts{props.staff ? ' with their health findings' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Contract</th>
            <th scope="col">Supplier</th>
            <th scope="col">Type</th>
            <th scope="col">Title</th>
            <th scope="col">Term</th>
            <th scope="col">Currency</th>
            <th scope="col">IP granted</th>
            <th scope="col">Exclusivity</th>
            {props.staff && <th scope="col">Findings</th>}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((contract) => {
            const href = contractPath(contract.contract_id);
            const supplier = scorecardPath(contract.supplier_id);
            return (
              <tr key={contract.contract_id}>
                <th scope="row">
                  <a href={href} onClick={(event) => onLinkClick(event, href)}>
                    {contract.contract_id}
                  </a>
                </th>
                <td>
                  <a href={supplier} onClick={(event) => onLinkClick(event, supplier)}>
                    {contract.supplier_name}
                  </a>{' '}
                  <span class="muted">{contract.supplier_id}</span>
                </td>
                <td>{contractTypeLabel(contract.type)}</td>
                <td>{contract.title ?? ''}</td>
                <td class="nowrap">{termWords(contract)}</td>
                <td>{contract.currency}</td>
                <td>{ipWords(contract)}</td>
                <td>{exclusivityWords(contract)}</td>
                {props.staff && (
                  <td class="findings-cell">
                    {props.findings === null ? (
                      <span class="muted">…</span>
                    ) : (
                      <FindingList findings={props.findings.get(contract.contract_id) ?? []} />
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
