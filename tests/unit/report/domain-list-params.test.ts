import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  clearedFilters,
  DEFAULT_PARAMS,
  isFiltered,
  parseDomainListParams,
  sortedBy,
  toQueryString,
  withParams,
} from "../../../lib/report/domain-list-params";

const parse = (input: Record<string, string | string[] | undefined> | string) =>
  parseDomainListParams(typeof input === "string" ? new URLSearchParams(input) : input);

describe("parseDomainListParams", () => {
  it("gives the default view for no params", () => {
    expect(parse({})).toEqual({ params: DEFAULT_PARAMS, issues: [] });
    expect(parse("")).toEqual({ params: DEFAULT_PARAMS, issues: [] });
  });

  it("reads every filter, sort and page", () => {
    const { params, issues } = parse(
      "q=%20Example.COM%20&grade=F,C&exposure=exposed&finding=mta-sts-testing&mtaSts=testing,unknown&dane=missing&dmarc=none&severity=critical&tag=%20Client%20A%20&stale=1&sort=grade&dir=desc&page=3",
    );
    expect(issues).toEqual([]);
    expect(params).toEqual({
      q: "example.com",
      grade: ["C", "F"],
      exposure: ["exposed"],
      finding: "mta-sts-testing",
      mtaSts: ["testing", "unknown"],
      dane: ["missing"],
      dmarc: ["none"],
      severity: "critical",
      tag: "client a",
      stale: true,
      sort: "grade",
      dir: "desc",
      page: 3,
    });
  });

  it("accepts repeated keys and commas alike, folds duplicates, keeps a canonical order", () => {
    expect(parse({ grade: ["B", "A+,B", "none"] }).params.grade).toEqual(["A+", "B", "none"]);
    expect(parse("dmarc=reject&dmarc=quarantine").params.dmarc).toEqual(["reject", "quarantine"]);
    expect(parse({ dane: "n/a" }).params.dane).toEqual(["n/a"]);
  });

  it("ignores unknown values and reports each one", () => {
    const { params, issues } = parse("grade=A,Z&finding=no-such-finding&sort=colour&dir=up&severity=lots&page=-2");
    expect(params).toEqual({ ...DEFAULT_PARAMS, grade: ["A"] });
    expect(issues.map((i) => [i.param, i.value])).toEqual([
      ["grade", "Z"],
      ["finding", "no-such-finding"],
      ["severity", "lots"],
      ["sort", "colour"],
      ["dir", "up"],
      ["page", "-2"],
    ]);
    for (const i of issues) expect(i.message).toContain(i.value);
  });

  it.each([["0"], ["1.5"], ["abc"], ["100001"], ["1e3"]])("turns page=%s into page 1 with an issue", (page) => {
    const { params, issues } = parse({ page });
    expect(params.page).toBe(1);
    expect(issues).toHaveLength(1);
  });

  it("treats empty values (an unfilled GET form) as absent", () => {
    expect(parse("q=&grade=&exposure=&finding=&mtaSts=&dane=&dmarc=&severity=&sort=&dir=&page=")).toEqual({ params: DEFAULT_PARAMS, issues: [] });
  });

  it("defaults the direction per column: worst grade, newest scan, most criticals first", () => {
    expect(parse("sort=grade").params.dir).toBe("asc");
    expect(parse("sort=scanned").params.dir).toBe("desc");
    expect(parse("sort=critical").params.dir).toBe("desc");
    expect(parse("sort=domain").params.dir).toBe("asc");
  });

  it("reads stale only from a yes-like value", () => {
    for (const v of ["1", "true", "on", "yes"]) expect(parse({ stale: v }).params.stale).toBe(true);
    for (const v of ["0", "false", ""]) expect(parse({ stale: v }).params.stale).toBe(false);
  });

  it("caps a search at the length of a domain name", () => {
    expect(parse({ q: "a".repeat(400) }).params.q).toHaveLength(253);
  });

  it("never throws on odd shapes", () => {
    expect(() => parseDomainListParams({ q: ["x", "y"], grade: [] })).not.toThrow();
    expect(parse({ q: ["first", "second"] }).params.q).toBe("first");
  });
});

describe("toQueryString", () => {
  it("writes nothing for the default view", () => {
    expect(toQueryString(DEFAULT_PARAMS)).toBe("");
  });

  it("round-trips through the parser", () => {
    const views = [
      { ...DEFAULT_PARAMS, q: "shop", grade: ["F" as const, "none" as const], stale: true, page: 4 },
      { ...DEFAULT_PARAMS, dmarc: ["reject" as const, "quarantine" as const], sort: "grade" as const, dir: "desc" as const },
      { ...DEFAULT_PARAMS, finding: "dane-tlsa-mismatch", mtaSts: ["unknown" as const], dane: ["n/a" as const], severity: "high" as const },
      { ...DEFAULT_PARAMS, sort: "domain" as const, dir: "desc" as const },
    ];
    for (const v of views) expect(parse(toQueryString(v).slice(1)).params).toEqual(v);
  });

  it("leaves out a direction equal to the column's default and writes lists with commas", () => {
    expect(toQueryString({ ...DEFAULT_PARAMS, sort: "scanned", dir: "desc" })).toBe("?sort=scanned");
    expect(toQueryString({ ...DEFAULT_PARAMS, grade: ["A+", "B"] })).toBe("?grade=A%2B,B");
  });
});

describe("view helpers", () => {
  const base = { ...DEFAULT_PARAMS, q: "x", exposure: ["exposed" as const], page: 5, sort: "grade" as const, dir: "asc" as const };

  it("counts filters without the search", () => {
    expect(activeFilterCount(DEFAULT_PARAMS)).toBe(0);
    expect(activeFilterCount(base)).toBe(1);
    expect(activeFilterCount({ ...base, grade: ["A"], stale: true, finding: "dmarc-missing", severity: "critical" })).toBe(5);
    expect(isFiltered({ ...DEFAULT_PARAMS, q: "x" })).toBe(true);
    expect(isFiltered(DEFAULT_PARAMS)).toBe(false);
  });

  it("goes back to page 1 when the view changes, not when paging", () => {
    expect(withParams(base, { stale: true }).page).toBe(1);
    expect(withParams(base, { page: 6 }).page).toBe(6);
  });

  it("flips the direction of the current sort column and starts others at their default", () => {
    expect(sortedBy(base, "grade")).toMatchObject({ sort: "grade", dir: "desc", page: 1 });
    expect(sortedBy(base, "scanned")).toMatchObject({ sort: "scanned", dir: "desc" });
    expect(sortedBy({ ...base, sort: "scanned", dir: "desc" }, "scanned").dir).toBe("asc");
  });

  it("clears search and filters but keeps the sort", () => {
    expect(clearedFilters(base)).toEqual({ ...DEFAULT_PARAMS, sort: "grade", dir: "asc" });
  });
});
