import { th } from './ui-classes';

/** The header row of a data table: one column header per entry. */
export function TableHead({ columns }: { columns: React.ReactNode[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col" className={th}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
