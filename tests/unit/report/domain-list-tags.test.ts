/** The portfolio's tag filter and the one tag rule (lib/report/domain-list-params.ts). */
import { describe, expect, it } from "vitest";
import { activeFilterCount, DEFAULT_PARAMS, normalizeTag, parseDomainListParams, toQueryString, withParams } from "../../../lib/report/domain-list-params";

describe("normalizeTag", () => {
  it.each([
    // [input, stored form, why]
    ["Client A", "client a", "lower-cased"],
    ["  eu-west  ", "eu-west", "trimmed"],
    ["team\t \tblue", "team blue", "inner whitespace folded to one space"],
    ["v1.2_x-y", "v1.2_x-y", "dots, underscores and hyphens allowed"],
    ["a", "a", "one character is enough"],
    ["x".repeat(40), "x".repeat(40), "40 characters is the limit"],
  ])("accepts %j as %j (%s)", (input, expected) => {
    expect(normalizeTag(input)).toBe(expected);
  });

  it.each([
    ["", "empty"],
    ["   ", "only spaces"],
    ["x".repeat(41), "over 40 characters"],
    ["a,b", "comma: not a tag character"],
    ["münchen", "non-ASCII letter"],
    ["<b>", "markup characters"],
    [42, "not a string"],
    [undefined, "absent"],
  ] as [unknown, string][])("refuses %j (%s)", (input) => {
    expect(normalizeTag(input)).toBeNull();
  });
});

describe("the tag filter in the URL", () => {
  it("reads a tag, normalized, and counts it as a filter", () => {
    const { params, issues } = parseDomainListParams(new URLSearchParams("tag=Client+A"));
    expect(issues).toEqual([]);
    expect(params.tag).toBe("client a");
    expect(activeFilterCount(params)).toBe(1);
  });

  it("ignores a value that cannot be a tag and says so", () => {
    const { params, issues } = parseDomainListParams({ tag: "a,b" });
    expect(params.tag).toBeNull();
    expect(issues).toEqual([{ param: "tag", value: "a,b", message: `"a,b" is not a tag and was ignored` }]);
    expect(parseDomainListParams({ tag: "  " })).toEqual({ params: DEFAULT_PARAMS, issues: [] });
  });

  it("writes the tag and round-trips it, spaces included", () => {
    const view = withParams(DEFAULT_PARAMS, { tag: "client a", grade: ["F"] });
    const qs = toQueryString(view);
    expect(qs).toBe("?grade=F&tag=client+a");
    expect(parseDomainListParams(new URLSearchParams(qs.slice(1))).params).toEqual(view);
  });
});
