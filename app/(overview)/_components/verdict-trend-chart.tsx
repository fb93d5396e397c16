'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from './trend-points';

const day = (iso: string) => iso.slice(5, 16).replace('T', ' ');

/** The trend's lines (cannot pull, unknown, can pull); the figures are in the table beside it, for screen readers. */
export function VerdictTrendChart({ points }: { points: TrendPoint[] }) {
  return (
    <div aria-hidden="true" className="mt-2 h-48 w-full text-xs" data-testid="verdict-trend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="at" tickFormatter={day} stroke="currentColor" minTickGap={24} />
          <YAxis allowDecimals={false} stroke="currentColor" width={40} />
          <Tooltip labelFormatter={(v) => `${day(String(v))} UTC`} />
          <Legend />
          {/* Dashes tell the lines apart without colour. */}
          <Line type="monotone" dataKey="cannotPull" name="cannot pull" stroke="#e11d48" strokeWidth={2} isAnimationActive={false} />
          <Line type="monotone" dataKey="unknown" name="unknown" stroke="#d97706" strokeWidth={2} strokeDasharray="6 3" isAnimationActive={false} />
          <Line type="monotone" dataKey="canPull" name="can pull" stroke="#059669" strokeWidth={2} strokeDasharray="2 2" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
