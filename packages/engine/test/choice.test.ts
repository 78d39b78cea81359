import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Json } from "../src/asl/context";
import {
  CHOICE_OPERATORS,
  NO_CHOICE_MATCHED_CAUSE,
  chooseNext,
  chooseRule,
  evaluateChoiceRule,
  stringMatches,
  type ChoiceRule,
  type ChoiceState,
} from "../src/asl/choice";
import { testContext, thrown } from "./support/asl";
import { casesNamed, recordedCases } from "./support/recorded";

const context = testContext({ State: { Name: "Choice" } });

const test1 = (rule: ChoiceRule, input: Json) => evaluateChoiceRule(rule, input, context);

const cases = recordedCases();

describe("comparison operators", () => {
  type Row = [operator: string, variable: Json, operand: Json, expected: boolean];
  const rows: Row[] = [
    ["StringEquals", "abc", "abc", true],
    ["StringEquals", "abc", "abd", false],
    ["StringEquals", "ABC", "abc", false],
    ["StringEquals", 1, "1", false],
    ["StringLessThan", "abc", "abd", true],
    ["StringLessThan", "abc", "abc", false],
    ["StringLessThan", "B", "a", true], // UTF-16 code units, as Java compareTo
    ["StringLessThan", "ab", "abc", true],
    ["StringGreaterThan", "abd", "abc", true],
    ["StringGreaterThan", "abc", "abc", false],
    ["StringLessThanEquals", "abc", "abc", true],
    ["StringLessThanEquals", "abd", "abc", false],
    ["StringGreaterThanEquals", "abc", "abc", true],
    ["StringGreaterThanEquals", "abb", "abc", false],
    ["StringGreaterThanEquals", null, "abc", false],
    ["NumericEquals", 1, 1, true],
    ["NumericEquals", 1, 1.0, true],
    ["NumericEquals", 1.5, 1, false],
    ["NumericEquals", "1", 1, false],
    ["NumericEquals", true, 1, false],
    ["NumericLessThan", -1, 0, true],
    ["NumericLessThan", 0, 0, false],
    ["NumericGreaterThan", 0.1, 0, true],
    ["NumericGreaterThan", 0, 0, false],
    ["NumericLessThanEquals", 0, 0, true],
    ["NumericLessThanEquals", 1, 0, false],
    ["NumericGreaterThanEquals", 0, 0, true],
    ["NumericGreaterThanEquals", -0.5, 0, false],
    ["NumericGreaterThanEquals", [1], 0, false],
    ["BooleanEquals", true, true, true],
    ["BooleanEquals", false, true, false],
    ["BooleanEquals", "true", true, false],
    ["BooleanEquals", 0, false, false],
    ["TimestampEquals", "2016-08-18T17:33:00Z", "2016-08-18T17:33:00Z", true],
    ["TimestampEquals", "2016-08-18T19:33:00+02:00", "2016-08-18T17:33:00Z", true],
    ["TimestampEquals", "2016-08-18T17:33:00.000Z", "2016-08-18T17:33:00Z", true],
    ["TimestampEquals", "2016-08-18T17:33:00.000000001Z", "2016-08-18T17:33:00Z", false],
    ["TimestampEquals", "2016-08-18 17:33:00Z", "2016-08-18 17:33:00Z", false], // not a timestamp
    ["TimestampEquals", 1471541580, "2016-08-18T17:33:00Z", false],
    ["TimestampLessThan", "2016-08-18T17:32:59.999999999Z", "2016-08-18T17:33:00Z", true],
    ["TimestampLessThan", "2016-08-18T18:00:00+01:00", "2016-08-18T17:33:00Z", true],
    ["TimestampLessThan", "2016-08-18T17:33:00Z", "2016-08-18T17:33:00Z", false],
    ["TimestampGreaterThan", "2016-08-19T00:00:00Z", "2016-08-18T17:33:00Z", true],
    ["TimestampGreaterThan", "2016-08-18T17:33:00Z", "2016-08-18T17:33:00Z", false],
    ["TimestampLessThanEquals", "2016-08-18T17:33:00Z", "2016-08-18T17:33:00Z", true],
    ["TimestampLessThanEquals", "2016-08-18T17:33:01Z", "2016-08-18T17:33:00Z", false],
    ["TimestampGreaterThanEquals", "2016-08-18T17:33:00Z", "2016-08-18T17:33:00Z", true],
    ["TimestampGreaterThanEquals", "2016-08-18T17:32:00Z", "2016-08-18T17:33:00Z", false],
    ["TimestampGreaterThanEquals", "2016-13-18T17:32:00Z", "2016-08-18T17:33:00Z", false],
  ];

  it.each(rows)("%s(%j, %j) is %s", (operator, variable, operand, expected) => {
    expect(test1({ Variable: "$.v", [operator]: operand }, { v: variable })).toBe(expected);
  });

  it.each(rows)("%sPath(%j, %j) is %s", (operator, variable, operand, expected) => {
    expect(test1({ Variable: "$.v", [`${operator}Path`]: "$.other" }, { v: variable, other: operand })).toBe(expected);
  });

  it("…Path operands compare with values of the wrong type as false, not an error", () => {
    expect(test1({ Variable: "$.v", NumericEqualsPath: "$.w" }, { v: 1, w: "1" })).toBe(false);
    expect(test1({ Variable: "$.v", StringEqualsPath: "$.w" }, { v: "a", w: null })).toBe(false);
    expect(test1({ Variable: "$.v", TimestampEqualsPath: "$.w" }, { v: "2016-08-18T17:33:00Z", w: "nope" })).toBe(false);
  });

  it("…Path operands may read the context object", () => {
    expect(test1({ Variable: "$.name", StringEqualsPath: "$$.State.Name" }, { name: "Choice" })).toBe(true);
    expect(test1({ Variable: "$$.State.RetryCount", NumericEquals: 0 }, {})).toBe(true);
  });

  it("covers every ASL comparison operator", () => {
    const expected = [
      ...["String", "Numeric", "Timestamp"].flatMap((k) =>
        ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"].flatMap((r) => [k + r, `${k + r}Path`]),
      ),
      "BooleanEquals",
      "BooleanEqualsPath",
      "StringMatches",
      "IsPresent",
      "IsNull",
      "IsNumeric",
      "IsString",
      "IsBoolean",
      "IsTimestamp",
    ];
    expect([...CHOICE_OPERATORS].sort()).toEqual(expected.sort());
  });
});

describe("StringMatches", () => {
  it.each([
    ["foo23.log", "foo*.log", true], // the ASL spec's examples
    ["zebra.log", "*.log", true],
    ["foobar.zebra", "foo*.*", true],
    ["foo.txt", "foo*.log", false],
    ["anything", "*", true],
    ["", "*", true],
    ["", "", true],
    ["abc", "abc", true],
    ["abc", "ab", false],
    ["aXbXc", "a*b*c", true],
    ["abab", "*ab*ab", true],
    ["aba", "ab*ba", false], // prefix and suffix may not overlap
    ["a*c", "a\\*c", true], // \* is a literal star
    ["abc", "a\\*c", false],
    ["a\\c", "a\\\\c", true], // \\ is a literal backslash
    ["a\\bc", "a\\\\*", true],
  ])("%j matches %j: %s", (value, pattern, expected) => {
    expect(stringMatches(value, pattern)).toBe(expected);
    expect(test1({ Variable: "$.v", StringMatches: pattern }, { v: value })).toBe(expected);
  });

  it("is false for a non-string variable", () => {
    expect(test1({ Variable: "$.v", StringMatches: "*" }, { v: 12 })).toBe(false);
    expect(test1({ Variable: "$.v", StringMatches: "*" }, { v: null })).toBe(false);
  });

  it("an open escape is a States.Runtime error (ASL spec)", () => {
    expect(thrown(() => stringMatches("ab", "a\\b")).error).toBe("States.Runtime");
    expect(thrown(() => stringMatches("a", "a\\")).error).toBe("States.Runtime");
  });
});

describe("type tests", () => {
  type Row = [operator: string, value: Json, expected: boolean];
  const rows: Row[] = [
    ["IsNull", null, true],
    ["IsNull", 0, false],
    ["IsNull", "null", false],
    ["IsNumeric", 1.5, true],
    ["IsNumeric", "1.5", false],
    ["IsNumeric", true, false],
    ["IsString", "", true],
    ["IsString", 1, false],
    ["IsBoolean", false, true],
    ["IsBoolean", "false", false],
    ["IsTimestamp", "2016-03-14T01:59:00Z", true],
    ["IsTimestamp", "2016-03-14T01:59:00.123+05:30", true],
    ["IsTimestamp", "2016-03-14 01:59:00Z", false],
    ["IsTimestamp", "2016-03-14T01:59:00", false],
    ["IsTimestamp", 1457920740, false],
    ["IsPresent", null, true],
    ["IsPresent", 0, true],
  ];
  it.each(rows)("%s on %j is %s, and false on the negated test", (operator, value, expected) => {
    expect(test1({ Variable: "$.v", [operator]: true }, { v: value })).toBe(expected);
    expect(test1({ Variable: "$.v", [operator]: false }, { v: value })).toBe(!expected);
  });
});

describe("missing paths", () => {
  const cause = (path: string) => `Invalid path '${path}': The choice state's condition path references an invalid value.`;

  it("a Variable that selects nothing is States.Runtime with AWS's message", () => {
    for (const operator of ["StringEquals", "NumericEquals", "BooleanEquals", "TimestampEquals", "IsNull", "IsString", "IsNumeric", "IsBoolean", "IsTimestamp", "StringMatches"]) {
      const operand = operator.startsWith("Is") ? true : operator === "NumericEquals" ? 1 : operator === "BooleanEquals" ? true : "x";
      const error = thrown(() => test1({ Variable: "$.missing", [operator]: operand }, { other: 1 }));
      expect(error.error).toBe("States.Runtime");
      expect(error.cause).toBe(cause("$.missing"));
    }
  });

  it("…except under IsPresent", () => {
    expect(test1({ Variable: "$.missing", IsPresent: true }, {})).toBe(false);
    expect(test1({ Variable: "$.missing", IsPresent: false }, {})).toBe(true);
    expect(test1({ Variable: "$.a.b", IsPresent: true }, { a: null })).toBe(false);
    expect(test1({ Variable: "$.a[3]", IsPresent: true }, { a: [1] })).toBe(false);
  });

  it("a …Path operand that selects nothing fails the same way", () => {
    const error = thrown(() => test1({ Variable: "$.left", NumericEqualsPath: "$.right" }, { left: 8 }));
    expect([error.error, error.cause]).toEqual(["States.Runtime", cause("$.right")]);
  });

  it("And stops before a missing path when an earlier rule is false", () => {
    const rule: ChoiceRule = {
      And: [
        { Variable: "$.v", IsPresent: true },
        { Variable: "$.v", NumericEquals: 3 },
      ],
    };
    expect(test1(rule, {})).toBe(false);
    expect(test1(rule, { v: 3 })).toBe(true);
    const or: ChoiceRule = { Or: [{ Variable: "$.v", IsPresent: false }, { Variable: "$.v", NumericEquals: 3 }] };
    expect(test1(or, {})).toBe(true);
  });
});

describe("composites", () => {
  const gt = (n: number): ChoiceRule => ({ Variable: "$.n", NumericGreaterThan: n });
  it.each([
    [{ And: [gt(1), gt(2)] }, 3, true],
    [{ And: [gt(1), gt(5)] }, 3, false],
    [{ And: [gt(1)] }, 3, true],
    [{ Or: [gt(5), gt(2)] }, 3, true],
    [{ Or: [gt(5), gt(4)] }, 3, false],
    [{ Not: gt(5) }, 3, true],
    [{ Not: { Not: gt(5) } }, 3, false],
    [{ And: [{ Or: [gt(10), { Not: gt(5) }] }, { Not: { And: [gt(0), gt(9)] } }] }, 3, true],
  ] as [ChoiceRule, number, boolean][])("%j with n=%d is %s", (rule, n, expected) => {
    expect(test1(rule, { n })).toBe(expected);
  });
});

describe("chooseNext", () => {
  const state: ChoiceState = {
    Choices: [
      { Variable: "$.n", NumericLessThan: 0, Next: "Negative" },
      { Variable: "$.n", NumericLessThan: 10, Next: "Small" },
      { Variable: "$.n", NumericLessThan: 100, Next: "Medium" },
    ],
    Default: "Large",
  };

  it("takes the first matching rule, in order", () => {
    expect(chooseNext(state, { n: -1 }, context)).toBe("Negative");
    expect(chooseNext(state, { n: 5 }, context)).toBe("Small");
    expect(chooseRule(state, { n: 50 }, context)).toMatchObject({ next: "Medium", ruleIndex: 2 });
  });

  it("falls back to Default, reporting no rule", () => {
    expect(chooseRule(state, { n: 500 }, context)).toEqual({ next: "Large" });
  });

  it("without Default, fails with States.NoChoiceMatched", () => {
    const error = thrown(() => chooseNext({ Choices: state.Choices }, { n: 500 }, context));
    expect(error.error).toBe("States.NoChoiceMatched");
    expect(error.cause).toBe(NO_CHOICE_MATCHED_CAUSE);
  });

  it("a type mismatch is a non-match, not an error: it goes on to Default", () => {
    expect(chooseNext(state, { n: "5" }, context)).toBe("Large");
  });
});

describe("the AWS documentation's Choice example", () => {
  const state: ChoiceState = {
    Choices: [
      { Not: { Variable: "$.type", StringEquals: "Private" }, Next: "Public" },
      { Variable: "$.value", NumericEquals: 0, Next: "ValueIsZero" },
      {
        And: [
          { Variable: "$.value", NumericGreaterThanEquals: 20 },
          { Variable: "$.value", NumericLessThan: 30 },
        ],
        Next: "ValueInTwenties",
      },
    ],
    Default: "DefaultState",
  };

  it.each([
    [{ type: "Private", value: 22 }, "ValueInTwenties"], // the documented run
    [{ type: "Public", value: 22 }, "Public"],
    [{ type: "Private", value: 0 }, "ValueIsZero"],
    [{ type: "Private", value: 30 }, "DefaultState"],
    [{ type: "Private", value: 19.99 }, "DefaultState"],
    [{ type: "Private", value: "22" }, "DefaultState"],
  ])("%j → %s", (input, next) => {
    expect(chooseNext(state, input, context)).toBe(next);
  });

  it("fails when $.type is missing, as the guide warns", () => {
    const error = thrown(() => chooseNext(state, { value: 22 }, context));
    expect(error.error).toBe("States.Runtime");
    expect(error.cause).toBe("Invalid path '$.type': The choice state's condition path references an invalid value.");
  });
});

describe("recorded AWS cases (localstack-cases.json)", () => {
  const jsonPathChoiceCases = cases.filter(
    (c) =>
      c.id.includes("test_choice_") &&
      c.definition.QueryLanguage === undefined &&
      c.definition.States[c.definition.StartAt]?.Type === "Choice" &&
      c.definition.States[c.definition.StartAt]?.QueryLanguage === undefined,
  );

  it("has the JSONPath Choice cases", () => {
    expect(jsonPathChoiceCases.map((c) => c.id.replace(/^.*::/, ""))).toEqual(
      expect.arrayContaining([
        "test_choice_aws_docs_scenario[CHOICE_STATE_AWS_SCENARIO]#0",
        "test_choice_singleton_composite[CHOICE_STATE_SINGLETON_COMPOSITE]#0",
        "test_choice_unsorted_parameters_positive[CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS]#0",
        "test_choice_unsorted_parameters_negative[CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS]#0",
      ]),
    );
  });

  it.each(jsonPathChoiceCases.map((c) => [c.id.replace(/^.*::/, ""), c] as const))(
    "%s: goes to a state of the type AWS entered next",
    (_name, recorded) => {
      const { States, StartAt } = recorded.definition;
      const next = chooseNext(States[StartAt] as unknown as ChoiceState, recorded.input, context);
      const after = recorded.eventTypes[recorded.eventTypes.indexOf("ChoiceStateExited") + 1];
      expect(after).toBe(`${States[next]?.Type}StateEntered`);
      expect(recorded.expected.status).toBe("SUCCEEDED");
    },
  );

  it("aws docs scenario: ValueInTwenties; unsorted parameters: FinishTrue / FinishFalse", () => {
    const [docs] = casesNamed("test_choice_aws_docs_scenario[CHOICE_STATE_AWS_SCENARIO]");
    const docState = docs!.definition.States.ChoiceStateX as unknown as ChoiceState;
    expect(chooseNext(docState, docs!.input, context)).toBe("ValueInTwenties");
    for (const [fragment, expected] of [
      ["test_choice_unsorted_parameters_positive[CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS]", "FinishTrue"],
      ["test_choice_unsorted_parameters_negative[CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS]", "FinishFalse"],
    ] as const) {
      const [recorded] = casesNamed(fragment);
      const state = recorded!.definition.States.CheckResult as unknown as ChoiceState;
      expect(chooseNext(state, recorded!.input, context)).toBe(expected);
    }
  });

  it("map break condition: the Choice in each iteration passes 1, \"Hello\", {}, 3.3 and breaks on 3", () => {
    for (const recorded of casesNamed("test_map_state_break_condition")) {
      const start = recorded.definition.States.StartState as { Result: Json[] };
      const map = recorded.definition.States.MapState as {
        ItemProcessor?: { States: Record<string, unknown> };
        Iterator?: { States: Record<string, unknown> };
      };
      const processor = map.ItemProcessor ?? map.Iterator;
      const choice = processor!.States.Equals3 as ChoiceState;
      const taken: string[] = [];
      for (const item of start.Result) {
        const next = chooseNext(choice, item, context);
        taken.push(next);
        if (next === "Break") break;
      }
      expect(taken).toEqual(["Pass", "Pass", "Pass", "Pass", "Break"]);
      // AWS ran four Pass iterations and failed in the fifth.
      expect(recorded.eventTypes.filter((e) => e === "PassStateEntered").length - 1).toBe(4);
      expect(recorded.expected.error).toBe("SomeFailure");
    }
  });
});

describe("properties", () => {
  const scalar = fc.oneof(fc.string(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
  const leaf: fc.Arbitrary<ChoiceRule> = fc.oneof(
    fc.record({ Variable: fc.constant("$.v"), NumericLessThan: fc.double({ noNaN: true }) }),
    fc.record({ Variable: fc.constant("$.v"), StringGreaterThanEquals: fc.string() }),
    fc.record({ Variable: fc.constant("$.v"), BooleanEquals: fc.boolean() }),
    fc.record({ Variable: fc.constant("$.v"), IsNull: fc.boolean() }),
    fc.record({ Variable: fc.constant("$.v"), IsString: fc.boolean() }),
    fc.record({ Variable: fc.constant("$.v"), StringMatches: fc.constantFrom("*", "a*", "*b", "") }),
  );
  const { rule } = fc.letrec<{ rule: ChoiceRule }>((tie) => ({
    rule: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.record({ Not: tie("rule") }),
      fc.record({ And: fc.array(tie("rule"), { minLength: 1, maxLength: 3 }) }),
      fc.record({ Or: fc.array(tie("rule"), { minLength: 1, maxLength: 3 }) }),
    ),
  }));

  it("Not(rule) ≡ !rule when the variable is present", () => {
    fc.assert(
      fc.property(rule, scalar, (r, v) => {
        expect(test1({ Not: r }, { v })).toBe(!test1(r, { v }));
      }),
    );
  });

  it("And/Or agree with every/some of their rules", () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 4 }), scalar, (rules, v) => {
        const each = rules.map((r) => test1(r, { v }));
        expect(test1({ And: rules }, { v })).toBe(each.every(Boolean));
        expect(test1({ Or: rules }, { v })).toBe(each.some(Boolean));
      }),
    );
  });

  it("NumericLessThan and NumericGreaterThanEquals are complements for numbers", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (v, n) => {
        expect(test1({ Variable: "$.v", NumericLessThan: n }, { v })).toBe(
          !test1({ Variable: "$.v", NumericGreaterThanEquals: n }, { v }),
        );
        expect(test1({ Variable: "$.v", NumericLessThanEqualsPath: "$.n" }, { v, n })).toBe(
          !test1({ Variable: "$.v", NumericGreaterThanPath: "$.n" }, { v, n }),
        );
      }),
    );
  });

  it("StringLessThan and StringGreaterThanEquals are complements for strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (v, s) => {
        expect(test1({ Variable: "$.v", StringLessThan: s }, { v })).toBe(!test1({ Variable: "$.v", StringGreaterThanEquals: s }, { v }));
      }),
    );
  });

  it("a comparison on a value of another type is false for every relation", () => {
    const nonNumber = fc.oneof<fc.Arbitrary<Json>[]>(fc.string(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([]));
    fc.assert(
      fc.property(nonNumber, fc.double({ noNaN: true }), (v, n) => {
        for (const op of ["NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals"]) {
          expect(test1({ Variable: "$.v", [op]: n }, { v })).toBe(false);
        }
      }),
    );
  });

  it("timestamps compare as instants, whatever the offset they are written in", () => {
    const instant = fc.date({ min: new Date("0001-01-02T00:00:00Z"), max: new Date("9999-12-30T00:00:00Z"), noInvalidDate: true });
    const offsetMinutes = fc.integer({ min: -18 * 60, max: 18 * 60 });
    const write = (d: Date, offset: number) => {
      const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 23);
      const sign = offset < 0 ? "-" : "+";
      const abs = Math.abs(offset);
      return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
    };
    fc.assert(
      fc.property(instant, instant, offsetMinutes, offsetMinutes, (a, b, oa, ob) => {
        const v = write(a, oa);
        const t = write(b, ob);
        const sign = Math.sign(a.getTime() - b.getTime());
        expect(test1({ Variable: "$.v", TimestampEquals: t }, { v })).toBe(sign === 0);
        expect(test1({ Variable: "$.v", TimestampLessThan: t }, { v })).toBe(sign < 0);
        expect(test1({ Variable: "$.v", TimestampGreaterThanEquals: t }, { v })).toBe(sign >= 0);
      }),
    );
  });

  it("an escaped literal pattern matches exactly itself", () => {
    const escape = (s: string) => s.replace(/[\\*]/g, (c) => `\\${c}`);
    fc.assert(
      fc.property(fc.string(), fc.string(), (literal, other) => {
        expect(stringMatches(other, escape(literal))).toBe(other === literal);
        expect(stringMatches(`${literal}${other}`, `${escape(literal)}*`)).toBe(true);
      }),
    );
  });
});
