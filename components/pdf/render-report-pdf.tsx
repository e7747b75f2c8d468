/**
 * Renders the PDF report to a Buffer: report + workspace name + scan meta in, bytes out. No I/O but
 * reading the font files it is given; a share route, the report routes and tests all call this.
 *
 * Fonts: Geist (the web app's face) from the installed `geist` package when its directory is given —
 * no download at render time. Without it the PDF falls back to the built-in Helvetica/Courier, which
 * cover Latin-1 only.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Font, renderToBuffer } from "@react-pdf/renderer";
import { buildPdfModel, type PdfReportInput } from "@/lib/report/pdf/model";
import { ReportDocument, type PdfFonts } from "./report-document";

export type RenderPdfOptions = {
  /** The `dist/fonts` directory of the `geist` package. */
  fontDir?: string;
};

const BUILT_IN: PdfFonts = { sans: "Helvetica", mono: "Courier", latin1: true };
const registered = new Map<string, PdfFonts>();

/** Registers Geist Sans/Mono once per directory (React-PDF's font registry is process-wide). */
function fontsFor(fontDir: string | undefined): PdfFonts {
  if (!fontDir) return BUILT_IN;
  const known = registered.get(fontDir);
  if (known) return known;
  const sans = (name: string) => path.join(fontDir, "geist-sans", `Geist-${name}.ttf`);
  const mono = (name: string) => path.join(fontDir, "geist-mono", `GeistMono-${name}.ttf`);
  const files = [sans("Regular"), sans("Bold"), mono("Regular"), mono("Bold")];
  if (!files.every((f) => existsSync(f))) return BUILT_IN;
  const fonts: PdfFonts = { sans: `MP-Geist-${registered.size}`, mono: `MP-GeistMono-${registered.size}` };
  Font.register({ family: fonts.sans, fonts: [{ src: sans("Regular"), fontWeight: 400 }, { src: sans("Bold"), fontWeight: 700 }] });
  Font.register({ family: fonts.mono, fonts: [{ src: mono("Regular"), fontWeight: 400 }, { src: mono("Bold"), fontWeight: 700 }] });
  registered.set(fontDir, fonts);
  return fonts;
}

export async function renderReportPdf(input: PdfReportInput, options: RenderPdfOptions = {}): Promise<Buffer> {
  const model = buildPdfModel(input);
  return renderToBuffer(<ReportDocument model={model} fonts={fontsFor(options.fontDir)} />);
}
