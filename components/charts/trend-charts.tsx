"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ReactNode } from "react";
import type { TrendPoint } from "@/lib/report/trends";
import { GradePatternDef } from "./grade-pattern";
import { GRADE_SERIES, type SeriesStyle } from "./series";
import { MarkerShape } from "./legend";

const AXIS = { fontSize: 12, fill: "#475569" };
const GRID = "#e2e8f0";

function weekLabel(p: { label: string; partial: boolean; gap: boolean }) {
  return `Week of ${p.label}${p.partial ? " (in progress)" : ""}${p.gap ? ": no scans" : ""}`;
}

type Row = Record<string, string | number | boolean | null>;

function ChartFrame({ children, label }: { children: ReactNode; label: string }) {
  // A fixed-height frame: the chart measures it, and the page does not jump when it renders.
  return (
    <div className="h-60 w-full sm:h-72 print:h-64" aria-label={label} role="group">
      {children}
    </div>
  );
}

function tooltipLabel(_: unknown, payload: readonly { payload?: Row }[] | undefined): string {
  const row = payload?.[0]?.payload;
  return row ? weekLabel({ label: String(row.label), partial: Boolean(row.partial), gap: Boolean(row.gap) }) : "";
}

/** 100 % stacked weekly bars, F at the bottom so "worse" grows up from the baseline. */
export function GradeDistributionChart({ points }: { points: TrendPoint[] }) {
  const data: Row[] = points.map((p) => ({
    label: p.label,
    partial: p.partial,
    gap: p.gap,
    ...Object.fromEntries(GRADE_SERIES.map((g) => [g.grade, p.gradeShares ? p.gradeShares[g.grade as keyof typeof p.gradeShares] : null])),
    gapMarker: p.gap ? 100 : null,
  }));
  const stack = [...GRADE_SERIES].reverse(); // F first = bottom
  const wide = points.length <= 26;
  return (
    <ChartFrame label="Grade distribution chart">
      <BarChart responsive data={data} style={{ width: "100%", height: "100%" }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap={points.length > 26 ? 1 : "12%"}>
        <defs>
          {GRADE_SERIES.map((g) => (g.pattern ? <GradePatternDef key={g.grade} id={`grade-${g.pattern}`} pattern={g.pattern} color={g.color} size={7} /> : null))}
          <pattern id="grade-gap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#f8fafc" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#cbd5e1" strokeWidth="1.5" />
          </pattern>
        </defs>
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis dataKey="label" tick={AXIS} tickLine={false} interval="preserveStartEnd" minTickGap={18} />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={(v: number) => `${v} %`} tick={AXIS} width={48} tickLine={false} axisLine={false} />
        <Tooltip
          labelFormatter={tooltipLabel}
          formatter={(value, name) => (name === "No scans" ? ["no data", name] : [`${value} %`, `Grade ${name}`])}
          itemSorter={() => 0}
          cursor={{ fill: "rgba(15,23,42,0.06)" }}
        />
        {stack.map((g) => (
          <Bar key={g.grade} dataKey={g.grade} name={g.grade} stackId="grades" fill={g.pattern ? `url(#grade-${g.pattern})` : g.color} stroke="#ffffff" strokeWidth={wide ? 0.5 : 0} isAnimationActive={false}>
            {wide ? (
              <LabelList
                dataKey={g.grade}
                content={(props) => {
                  const { x, y, width, height, value } = props as { x?: number; y?: number; width?: number; height?: number; value?: number | null };
                  if (value == null || value < 8 || !width || !height || width < 16 || height < 14) return null;
                  return (
                    <text x={Number(x) + Number(width) / 2} y={Number(y) + Number(height) / 2} textAnchor="middle" dominantBaseline="central" fontSize={11} fontWeight={700} fill="#0f172a" stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
                      {g.grade}
                    </text>
                  );
                }}
              />
            ) : null}
          </Bar>
        ))}
        <Bar dataKey="gapMarker" name="No scans" stackId="grades" fill="url(#grade-gap)" stroke="#94a3b8" strokeDasharray="3 3" isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

function dotFor(s: SeriesStyle, r: number) {
  function SeriesDot(props: { cx?: number; cy?: number; index?: number; value?: unknown }) {
    if (props.cx == null || props.cy == null || props.value == null) return <g key={`${s.key}-${props.index}`} />;
    return (
      <g key={`${s.key}-${props.index}`}>
        <MarkerShape shape={s.marker} cx={props.cx} cy={props.cy} r={r} color={s.color} />
      </g>
    );
  }
  return SeriesDot;
}

/** Lines over weekly points; a week without scans breaks the line (no invented zero). */
function TrendLines({ points, series, percent, label }: { points: TrendPoint[]; series: SeriesStyle[]; percent: boolean; label: string }) {
  const data: Row[] = points.map((p) => ({
    label: p.label,
    partial: p.partial,
    gap: p.gap,
    ...Object.fromEntries(series.map((s) => [s.key, (p as unknown as Record<string, number | null>)[s.key] ?? null])),
  }));
  return (
    <ChartFrame label={label}>
      <LineChart responsive data={data} style={{ width: "100%", height: "100%" }} margin={{ top: 10, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis dataKey="label" tick={AXIS} tickLine={false} interval="preserveStartEnd" minTickGap={18} />
        <YAxis
          domain={percent ? [0, 100] : [0, "auto"]}
          ticks={percent ? [0, 25, 50, 75, 100] : undefined}
          allowDecimals={false}
          tickFormatter={(v: number) => (percent ? `${v} %` : String(v))}
          tick={AXIS}
          width={48}
          tickLine={false}
          axisLine={false}
        />
        <Tooltip labelFormatter={tooltipLabel} formatter={(value, name) => [value == null ? "no data" : percent ? `${value} %` : String(value), name]} />
        {series.map((s) => (
          <Line
            key={s.key}
            type="linear"
            dataKey={s.key}
            name={s.name}
            stroke={s.color}
            strokeWidth={2.5}
            strokeDasharray={s.dash}
            strokeLinecap={s.dash === "2 4" ? "round" : "butt"}
            dot={dotFor(s, points.length > 26 ? 2.5 : 3.5)}
            activeDot={{ r: 6, symbol: s.marker === "triangle" ? "triangle" : s.marker === "square" ? "square" : "circle" }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

export function ExposureChart({ points, series }: { points: TrendPoint[]; series: SeriesStyle[] }) {
  return <TrendLines points={points} series={series} percent={false} label="Domains exposed to STARTTLS stripping chart" />;
}

export function AdoptionChart({ points, series }: { points: TrendPoint[]; series: SeriesStyle[] }) {
  return <TrendLines points={points} series={series} percent label="Adoption chart" />;
}
