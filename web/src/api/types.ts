// The answers of /api/v1 the pages read (API.md), as TypeScript types. Only
// the members the pages use are listed; the server may add more (additive
// changes), which the pages ignore.

export type Role = 'admin' | 'quality' | 'purchasing' | 'supplier';

export type RequiredAction = 'change-password' | 'enrol-totp' | null;

export interface Session {
  user: string;
  display_name: string;
  role: Role;
  supplier_id: string | null;
  csrf_token: string;
  expires_at: string;
  idle_expires_at: string;
  required_action: RequiredAction;
}

/** Every list answer: the page and the rows the filters select. */
export interface ListPage<Row> {
  total_count: number;
  limit: number;
  offset: number;
  rows: Row[];
}

export interface PeriodRow {
  period: string;
  from: string;
  to: string;
  latest_run: number;
  /** How many runs the period has. */
  runs: number;
}

/** A published run (GET /api/v1/runs, staff only). */
export interface RunRow {
  run: number;
  period: string;
  published_at: string;
  published_by: string;
  rules_name: string;
  suppliers: number;
  evaluated: number;
}

/** A supplier's result: the CSV result's columns, typed (docs/EVALUATION.md "Result"). */
export interface Result {
  supplier_id: string;
  name: string;
  period: string;
  status: 'evaluated' | 'not_evaluated';
  reason: string | null;
  deliveries: number;
  series_deliveries: number;
  sample_deliveries: number;
  complaints: number;
  sample_complaints: number;
  ppm: number | null;
  qz1: number | null;
  qz2: number | null;
  qz3: number | null;
  qz4: number | null;
  qz: number | null;
  lz1: number | null;
  lz2: number | null;
  lz: number | null;
  total: number | null;
  class: string | null;
  warnings: string[];
}

/** The kinds of events.csv (IATF 16949 8.4.2.4), in the spec's order. */
export const EVENT_KINDS = [
  'yard_hold',
  'stop_ship',
  'premium_freight',
  'special_status',
  'field_action',
  'recall',
  'warranty',
  'dealer_return',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A supplier's events in a run's period (docs/events.md). */
export interface EventCounts {
  total: number;
  customer_notified: number;
  /** Money text with 2 decimals: "1200.51". */
  cost: string;
  /** Only the kinds counted. */
  by_kind: Partial<Record<EventKind, number>>;
}

export interface SupplierEvent {
  event_id: string;
  plant_id: string;
  date: string;
  kind: EventKind;
  material_id: string | null;
  delivery_id: string | null;
  cost: string | null;
  customer_notified: boolean;
}

export interface SupplierEvents extends EventCounts {
  rows: SupplierEvent[];
}

export interface RankingRow extends Result {
  rank: number | null;
  previous_total: number | null;
  change: number | null;
  events: EventCounts;
}

export interface RankingPage extends ListPage<RankingRow> {
  period: string;
  from: string;
  to: string;
  run: number;
  previous_run: number | null;
}

export interface TrendPoint {
  period: string;
  run: number;
  total: number | null;
  class: string | null;
  qz: number | null;
  lz: number | null;
}

/** The data of `supeval explain --format json`: read defensively (see explanation.ts). */
export type Explanation = Record<string, unknown>;

export interface Scorecard {
  period: string;
  from: string;
  to: string;
  run: number;
  result: Result;
  explanation: Explanation | null;
  trend: TrendPoint[];
  events: SupplierEvents;
}

export interface Supplier {
  supplier_id: string;
  name: string;
  country: string | null;
  qz3: 'exempt' | 'evaluate';
}

/** A delivery as a run saw it, with its LZ1 and LZ2 figures. */
export interface Delivery {
  delivery_id: string;
  plant_id: string;
  material_id: string;
  due_date: string;
  due_qty: number;
  receipt_date: string;
  received_qty: number;
  type: string;
  deviation_working_days: number;
  lz1_points: number;
  deviation_percent: number;
  lz2_points: number;
}

/** A complaint as a run saw it, with the quantity it counted in ppm. */
export interface Complaint {
  complaint_id: string;
  plant_id: string;
  date: string;
  type: string;
  justified: boolean;
  status: string;
  delivery_id: string | null;
  material_id: string | null;
  defect: string | null;
  rejected_qty: number | null;
  affected_qty: number | null;
  returned_on: string | null;
  confirmed_qty: number | null;
  confirmed_on: string | null;
  ppm_quantity: number | null;
  spreadsheet_row: { defect: string; meaning: string; basis: string; percent: number } | null;
  adjustment: Adjustment | null;
}

/** An account (GET /api/v1/users, admin only); never a hash or secret. */
export interface User {
  name: string;
  display_name: string;
  role: Role;
  supplier_id: string | null;
  disabled: boolean;
  totp: boolean;
  created_at: string;
  last_login_at: string | null;
}

/** A user as POST /api/v1/users and a password reset answer it: the initial password shown once. */
export interface UserWithPassword extends User {
  initial_password?: string;
}

/** An API token's listing (GET /api/v1/tokens): never the token itself. */
export interface ApiToken {
  id: number;
  name: string;
  user: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
}

/** A new token (POST /api/v1/tokens): `token` is shown once. */
export interface CreatedToken extends ApiToken {
  token: string;
}

/** One of the caller's sessions (GET /api/v1/session/all). */
export interface OwnSession {
  id: number;
  created_at: string;
  last_seen_at: string;
  address: string | null;
  user_agent: string;
  current: boolean;
}

/** The start of a TOTP enrolment (POST /api/v1/session/totp). */
export interface TotpEnrolment {
  secret: string;
  otpauth_uri: string;
}

/** An audit log entry (GET /api/v1/audit); `before` and `after` are the changed thing's JSON. */
export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  address: string | null;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** A batch: an import or a hold change (GET /api/v1/batches). */
export interface BatchRow {
  batch: number | null;
  kind: 'import' | 'holds';
  at: string;
  by: string;
  added: number;
  changed: number;
  unchanged: number;
  source: string;
  why: string | null;
}

/** One batch (GET /api/v1/batches/{n}, and the answer of an import) with its tables and files. */
export interface Batch extends BatchRow {
  tables: { table: string; added: number; changed: number; unchanged: number }[];
  files: { name: string; sha256: string; bytes: number }[];
  warnings: string[];
}

/** A New Business Hold (GET /api/v1/holds). */
export interface Hold {
  id: number;
  supplier_id: string;
  reason: 'quality' | 'delivery';
  imposed_on: string;
  withdrawn_on: string | null;
  changed_by: string;
  changed_at: string;
  why: string | null;
}

/** A rule set (GET /api/v1/rules): `rules` is the TOML file's layout as JSON (see rules-text.ts). */
export interface RuleSetAnswer {
  name: string;
  sha256: string;
  toml: string;
  rules: Record<string, unknown>;
}

/** The states of a ppm adjustment (API.md "The ppm adjustment"). */
export type AdjustmentState = 'open' | 'submitted' | 'accepted' | 'rejected' | 'expired';

/** A complaint's ppm adjustment (GET /api/v1/adjustments, a complaint's `adjustment`). */
export interface Adjustment {
  complaint_id: string;
  supplier_id: string;
  state: AdjustmentState;
  /** The last day a submission is accepted (inclusive), and the instant it ends in the server's zone. */
  deadline: string;
  deadline_at: string;
  confirmed_qty: number | null;
  note: string | null;
  report: { media_type: string; file_name: string; bytes: number; url: string } | null;
  submitted_by: string | null;
  submitted_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
}

/** A discussion thread on a complaint, a supplier's result in a run or a settlement line (GET /api/v1/threads). */
export interface Thread {
  id: number;
  supplier_id: string;
  complaint_id: string | null;
  run: number | null;
  /** The settlement and its line (1-based) the thread discusses; null otherwise. */
  settlement: number | null;
  settlement_line: number | null;
  subject: string;
  created_by: string;
  created_at: string;
  last_message_at: string | null;
  /** Messages after the caller's read marker that others wrote. */
  unread: number;
}

/** A message of a thread (plain text, shown as text). */
export interface ThreadMessage {
  id: number;
  author: string;
  body: string;
  created_at: string;
}

/** An in-app notification (GET /api/v1/notifications); `link` is a path of this front end. */
export interface AppNotification {
  id: number;
  kind: 'run.published' | 'adjustment.decided' | 'thread.reply' | 'adjustment.deadline';
  at: string;
  text: string;
  link: string;
  read: boolean;
}

/**
 * An exact decimal as the CLI's `--format csv` cell writes it ("1234.50",
 * "-12.5"): money and contract figures travel as text, never through a double.
 */
export type Decimal = string;

/** A contract of the register (GET /api/v1/contracts): the cells of contracts.csv, `null` when empty. */
export interface Contract {
  contract_id: string;
  supplier_id: string;
  supplier_name: string;
  type: string;
  title: string | null;
  start: string;
  end: string | null;
  currency: string;
  tier_mode: string | null;
  penalty_cap_share: Decimal | null;
  bonus_cap_share: Decimal | null;
  ladder: string | null;
  exclusive: boolean;
  exclusive_until: string | null;
  ip_to_partner: string | null;
  ip_term: string | null;
  software_escrow: boolean;
  dual_source_lead_days: number | null;
  force_majeure: string | null;
  contingency_logistics: boolean;
  steering_committee: boolean;
  materials: string[];
}

/** A KPI clause of a contract (kpis.csv). */
export interface KpiClause {
  clause_id: string;
  kpi: string;
  target: Decimal;
  penalty_rate: Decimal | null;
  bonus_rate: Decimal | null;
  cap_share: Decimal | null;
  escalate: boolean;
}

/** A ramp-up milestone of a contract (milestones.csv). */
export interface Milestone {
  milestone_id: string;
  name: string | null;
  due_date: string;
  approved_on: string | null;
  payment: Decimal | null;
  critical: boolean;
}

/** A finding of the health check on one contract (CONTRACTS.md §11). */
export interface Finding {
  finding: string;
  severity: string;
  detail: string | null;
}

/** A finding with its contract (GET /api/v1/contract-findings). */
export interface ContractFinding extends Finding {
  contract_id: string;
  supplier_id: string;
}

/** One contract (GET /api/v1/contracts/{id}); `findings` is null for a supplier user. */
export interface ContractDetail extends Contract {
  clauses: KpiClause[];
  milestones: Milestone[];
  findings: Finding[] | null;
}

/** A settlement line: the 19 columns of CONTRACTS.md §8, each text or null. */
export interface SettlementLine {
  contract_id: string;
  supplier_id: string;
  period: string;
  currency: string;
  kind: string;
  ref: string | null;
  material_id: string | null;
  status: string | null;
  quantity: Decimal | null;
  actual: string | null;
  target: string | null;
  shortfall: Decimal | null;
  rate: Decimal | null;
  spend: Decimal | null;
  cap: Decimal | null;
  amount: Decimal;
  line_type: string;
  settled_before: Decimal | null;
  note: string | null;
}

/** A line of a published settlement, with its 1-based position (what a discussion names). */
export interface PublishedLine extends SettlementLine {
  line: number;
}

/** A line computed now, with every step of its amount with the numbers put in ("V = 2100 × 3.50 = 7350"). */
export interface TracedLine extends SettlementLine {
  steps: string[];
}

/** A contract's settlement of a period computed now (GET /api/v1/contracts/{id}/settlement); nothing published. */
export interface ContractSettlement {
  contract_id: string;
  period: string;
  from: string;
  to: string;
  lines: TracedLine[];
  /** The contract's slice traced as the scorecard's; null when its term does not meet the period. */
  explanation: Explanation | null;
}

/** A published settlement (GET /api/v1/settlements). */
export interface Settlement {
  settlement: number;
  period: string;
  from: string;
  to: string;
  published_at: string;
  published_by: string;
  rules_sha256: string;
  as_of_batch: number | null;
  /** Its lines (for a supplier user: its own). */
  lines: number;
}

/** A KPI clause's figures in one period's latest published settlement (GET /api/v1/contracts/{id}/kpis). */
export interface KpiPoint {
  settlement: number;
  period: string;
  from: string;
  to: string;
  clause_id: string;
  status: string | null;
  actual: Decimal | null;
  target: Decimal | null;
  shortfall: Decimal | null;
  amount: Decimal;
}

/**
 * An escalation case as the board lists it (GET /api/v1/escalations): the
 * 15 columns of CONTRACTS.md §9's result, empty cells null, and what the
 * board needs beside them (docs/escalations-api.md).
 */
export interface EscalationCase {
  contract_id: string;
  supplier_id: string;
  supplier_name: string;
  contract_title: string | null;
  /** 1, 2, … per contract. */
  case: number;
  opened_on: string;
  status: 'open' | 'closed';
  /** `E0`, `E1`, … (the ladder's level ids). */
  level: string;
  level_name: string;
  /** The level's position in its ladder: 0 for E0. */
  level_rank: number;
  /** How many levels the contract's ladder has (E0 included). */
  levels: number;
  since: string;
  /** What set the current level: `stop_ship EV7`, `review`, `deescalate by jdoe`. */
  trigger: string;
  next_review: string | null;
  owner: string | null;
  actions_due: string[];
  hold: boolean;
  hold_since: string | null;
  hold_reason: 'quality' | 'delivery' | null;
  /** The level's review found the exit criteria met and no decision has moved the case since. */
  decision_due: boolean;
  /** next_review − as_of in days; null without a next review. */
  days_to_review: number | null;
}

/** A change of level in a case's timeline; `cause` as the case's `trigger` cell writes it. */
export interface LevelChange {
  day: string;
  from: string;
  to: string;
  cause: string;
}

/** One case of a contract with its timeline, oldest first. */
export interface CaseHistory {
  case: number;
  opened_on: string;
  closed_on: string | null;
  history: LevelChange[];
}

/** A New Business Hold a contract's ladder imposed (and perhaps withdrew). */
export interface LadderHold {
  case: number;
  since: string;
  reason: 'quality' | 'delivery';
  level: string;
  cause: string;
  withdrawn_on: string | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
  /** Whether the database holds this hold (and its withdrawal) as a New Business Hold. */
  recorded: boolean;
}

export type EscalationDecisionKind = 'escalate' | 'deescalate' | 'close' | 'withdraw_hold';

/** A recorded decision of the contract's log (escalation_decisions). */
export interface EscalationDecision {
  line: number;
  date: string;
  decision: EscalationDecisionKind;
  user: string;
  reason: string;
  to_level: string | null;
  cause: 'quality' | 'delivery' | null;
}

/** A trigger that fired for the contract (§9: kind, its ref, the level it enters, its reason). */
export interface EscalationTrigger {
  day: string;
  kind: string;
  ref: string;
  level: string;
  reason: string;
}

/** One contract's case with everything behind it (GET /api/v1/escalations/{contract_id}). */
export interface EscalationDetail extends EscalationCase {
  /** The date the case was replayed to (a decision's answer: today). */
  as_of: string;
  cases: CaseHistory[];
  holds: LadderHold[];
  decisions: EscalationDecision[];
  triggers: EscalationTrigger[];
}

/** A decision as POST /api/v1/escalations/{contract_id}/decisions takes it. */
export interface EscalationDecisionRequest {
  date: string;
  decision: EscalationDecisionKind;
  reason: string;
  to_level?: string;
  cause: 'quality' | 'delivery';
}

/** A ladder's hold that POST /api/v1/escalations/holds wrote: imposed, withdrawn, or both. */
export interface RecordedLadderHold {
  contract_id: string;
  supplier_id: string;
  case: number;
  since: string;
  reason: 'quality' | 'delivery';
  level: string;
  withdrawn_on: string | null;
  /** Whether this call imposed it, and whether it recorded its withdrawal. */
  imposed: boolean;
  withdrawn: boolean;
}

/** The holds POST /api/v1/escalations/holds wrote (empty when all were recorded). */
export interface RecordedHolds {
  as_of: string;
  rows: RecordedLadderHold[];
}

/** A row of the sourcing concentration (CONTRACTS.md §10): each the CLI's CSV cell, null when empty. */
export interface SourcingRow {
  period: string;
  scope: 'material' | 'commodity';
  key: string;
  commodity: string | null;
  currency: string | null;
  suppliers: string;
  spend: Decimal | null;
  /** `S1=62.5;S2=37.5`: supplier = share of spend, by decreasing spend. */
  shares: string | null;
  hhi: Decimal | null;
  concentration: 'low' | 'moderate' | 'high' | null;
  /** `DE=70;CN=30`, material rows only. */
  countries: string | null;
  country_hhi: Decimal | null;
  single_source: 'yes' | 'no';
  /** Supplier ids `;`-joined. */
  qualified_alternates: string | null;
  pending_alternates: string | null;
  /** Finding codes `;`-joined, in §10's order. */
  findings: string | null;
}

/** GET /api/v1/sourcing: the period's dates and a page of rows. */
export interface SourcingPage extends ListPage<SourcingRow> {
  period: string;
  from: string;
  to: string;
}

/** A single-sourced material of the risk list (`supeval sourcing --risks`), strings or null. */
export interface SourcingRisk {
  material: string;
  commodity: string | null;
  supplier_id: string;
  spend: Decimal | null;
  currency: string | null;
  class: string | null;
  level: string | null;
  hold: 'yes' | 'no' | null;
  findings: string | null;
}

/** GET /api/v1/sourcing/risks, in its ranking order. */
export interface SourcingRisks {
  period: string;
  from: string;
  to: string;
  rows: SourcingRisk[];
}
