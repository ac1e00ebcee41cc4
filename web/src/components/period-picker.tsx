// The period and run a page shows: the periods with published runs (for a
// supplier user, those it has results in), and the runs of the chosen one.
// "Latest" leaves the choice to the server (its latest run).
import type { ListPage, PeriodRow } from '../api/types';
import { useApp } from '../lib/session';
import { useLoad } from './states';

interface Props {
  period: string | null;
  run: number | null;
  /** The period and run the answer showed, when none was chosen. */
  shownPeriod: string | null;
  onChange: (period: string | null, run: number | null) => void;
}

export function PeriodPicker({ period, run, shownPeriod, onChange }: Props) {
  const { client } = useApp();
  const periods = useLoad('periods', () => client.get<ListPage<PeriodRow>>('/api/v1/periods', { limit: 1000 }));
  const rows = periods.state === 'ready' ? periods.value.rows : [];
  const selected = period ?? shownPeriod ?? '';
  const runs = rows.find((row) => row.period === selected)?.runs ?? [];
  return (
    <div class="period-picker">
      <label>
        Period
        <select
          value={selected}
          disabled={periods.state !== 'ready'}
          onChange={(e) => onChange(e.currentTarget.value || null, null)}
        >
          {periods.state !== 'ready' && <option value={selected}>{selected || 'Loading…'}</option>}
          {rows.map((row) => (
            <option key={row.period} value={row.period}>
              {row.period}
            </option>
          ))}
        </select>
      </label>
      <label>
        Run
        <select
          value={run === null ? '' : String(run)}
          disabled={runs.length === 0}
          onChange={(e) => onChange(selected || null, e.currentTarget.value ? Number(e.currentTarget.value) : null)}
        >
          <option value="">latest</option>
          {[...runs]
            .sort((a, b) => b - a)
            .map((n) => (
              <option key={n} value={String(n)}>
                run {n}
              </option>
            ))}
        </select>
      </label>
    </div>
  );
}
