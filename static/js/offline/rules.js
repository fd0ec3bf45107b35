// The entry rules of a Posyandu session row, run on the phone offline: the
// same checks and derived values as the server (clusters/measurements.py,
// clusters/derived.py, clusters/anthropometry.py), from the rules the server
// sends (GET /api/v1/rules/, built by clusters/client_rules.py). No threshold
// is written here, only the method. Needs numbers.js loaded first.
//
//   ILPRules.parseDecimal(text, limits?) -> Number | null (as LocalDecimalField;
//       limits = rules.fields[name] also refuses too many digits)
//   ILPRules.derive(rules, child, sessionDate, values) -> {age_days, waz, haz,
//       whz, baz ("-1.23" or null), weight_for_age_class, height_for_age_class,
//       weight_for_height_class ("" when unknown), bgm (true/false/null),
//       flagged_z ("waz,whz"), growth_code ("N"/"T"/"O"/"B" or null)}
//   ILPRules.check(rules, child, sessionDate, values) -> {errors: {field: [msg]},
//       warnings: {field: [msg]}}
//   ILPRules.roundZ(z) -> "-1.23" | null: a z-score rounded as the server stores it
//
// child = {sex: "L"|"P", birth_date: "YYYY-MM-DD", previous_weighing: null | {date, kg}}
// values = {weight_kg, length_cm, muac_cm: Number|null, measured_lying: true|false|null,
//           oedema: true|false|null}; sessionDate = "YYYY-MM-DD".
(function () {
  "use strict";
  const N = window.ILPNumbers;
  const D = N.decimal;
  const Z_INDICES = ["waz", "haz", "whz", "baz"];
  const ROW_NUMBERS = ["weight_kg", "length_cm", "muac_cm"];

  function given(value) {
    return value !== null && value !== undefined;
  }

  // measured_values.positive: a finite number above zero, or null.
  function positive(value) {
    if (!given(value) || typeof value === "boolean") {
      return null;
    }
    const number = Number(value);
    return Number.isFinite(number) && number > 0 ? number : null;
  }

  // Python's round(z, 2) + 0.0 as text: the binary value rounded correctly
  // (toFixed does), an exact tie (only z = odd/8 has one) to the even digit.
  function roundedZ(z) {
    if (z === null || !Number.isFinite(z)) {
      return null;
    }
    const a = Math.abs(z);
    let text = a.toFixed(2);
    if (Number.isInteger(a * 8) && !Number.isInteger(a * 4)) {
      const hundredths = Math.floor(a * 100);
      text = ((hundredths % 2 === 0 ? hundredths : hundredths + 1) / 100).toFixed(2);
    }
    return z < 0 && Number(text) !== 0 ? "-" + text : text;
  }

  // Python's round(x) of a float: half to even.
  function roundHalfEven(x) {
    let r = Math.round(x);
    if (r - x === 0.5 && r % 2 !== 0) {
      r -= 1;
    }
    return r;
  }

  // ---- WHO z-scores (who_tables.py, anthropometry.child_growth) ----
  function row(rules, table, sex, key) {
    const t = rules.who.tables[table][String(sex)];
    const i = key - t.start;
    return i >= 0 && i < t.l.length ? {l: t.l[i], m: t.m[i], s: t.s[i]} : null;
  }

  function zScore(y, p) {
    if (p.l === 0) {
      return Math.log(y / p.m) / p.s;
    }
    return ((y / p.m) ** p.l - 1) / (p.s * p.l);
  }

  function atSd(p, k) {
    if (p.l === 0) {
      return p.m * Math.exp(p.s * k);
    }
    const base = 1 + p.l * p.s * k;
    return base > 0 ? p.m * base ** (1 / p.l) : NaN;
  }

  function zAdjusted(y, p) {
    const z = zScore(y, p);
    if (z > 3) {
      const sd3 = atSd(p, 3);
      return 3 + (y - sd3) / (sd3 - atSd(p, 2));
    }
    if (z < -3) {
      const sd3neg = atSd(p, -3);
      return -3 + (y - sd3neg) / (atSd(p, -2) - sd3neg);
    }
    return z;
  }

  function wflRow(rules, sex, ageDays, x) {
    const who = rules.who;
    const height = ageDays >= who.height_from_days;
    const range = height ? who.wfh_range_cm : who.wfl_range_cm;
    const table = height ? "wfhanthro" : "wflanthro";
    if (!(range[0] <= x && x <= range[1])) {
      return null;
    }
    const lowKey = Math.trunc(x * 10);
    const diff = (x - lowKey / 10) / 0.1;
    const low = row(rules, table, sex, lowKey);
    if (low === null || !(diff > 0)) {
      return low;
    }
    const upp = row(rules, table, sex, Math.trunc(x * 10 + 1));
    if (upp === null) {
      return null;
    }
    return {l: low.l + diff * (upp.l - low.l), m: low.m + diff * (upp.m - low.m), s: low.s + diff * (upp.s - low.s)};
  }

  function byAge(rules, table, sex, ageDays, y, adjusted) {
    const p = y === null ? null : row(rules, table, sex, ageDays);
    return p === null ? null : roundedZ(adjusted ? zAdjusted(y, p) : zScore(y, p));
  }

  // {waz, haz, whz, baz}: rounded z-scores as text, or null.
  function growth(rules, sex, ageDays, weightKg, lengthCm, lying) {
    const who = rules.who;
    const none = {waz: null, haz: null, whz: null, baz: null};
    const whoSex = Object.prototype.hasOwnProperty.call(who.sex_codes, sex) ? who.sex_codes[sex] : null;
    if (who.z_digits !== 2) {
      throw new Error("rules.js rounds z-scores to 2 decimals");
    }
    if (whoSex === null || !(ageDays >= 0 && ageDays <= who.max_age_days)) {
      return none;
    }
    const weight = positive(weightKg);
    const length = positive(lengthCm);
    let clenhei = length;
    if (length !== null && given(lying)) {
      if (ageDays < who.height_from_days && !lying) {
        clenhei = length + who.position_correction_cm;
      } else if (ageDays >= who.height_from_days && lying) {
        clenhei = length - who.position_correction_cm;
      }
    }
    const bmi = weight !== null && clenhei !== null ? weight / (clenhei / 100) ** 2 : null;
    let whz = null;
    if (weight !== null && clenhei !== null) {
      const p = wflRow(rules, whoSex, ageDays, clenhei);
      whz = p === null ? null : roundedZ(zAdjusted(weight, p));
    }
    return {
      waz: byAge(rules, "weianthro", whoSex, ageDays, weight, true),
      haz: byAge(rules, "lenanthro", whoSex, ageDays, clenhei, false),
      whz: whz,
      baz: byAge(rules, "bmianthro", whoSex, ageDays, bmi, true),
    };
  }

  function classify(rules, index, z) {
    for (const [label, op, bound] of rules.classification[index]) {
      if (op === null || (op === "<" ? z < bound : z <= bound)) {
        return label;
      }
    }
    return "";
  }

  // ---- Ages and growth codes (derived.age_years, growth_codes.py) ----
  function ageYears(born, on) {
    return on.y - born.y - ((on.m < born.m || (on.m === born.m && on.d < born.d)) ? 1 : 0);
  }

  function completedMonths(born, on) {
    const months = (on.y - born.y) * 12 + (on.m - born.m);
    return on.d >= Math.min(born.d, N.daysInMonth(on.y, on.m)) ? months : months - 1;
  }

  function kbmGrams(rules, months) {
    const keys = Object.keys(rules.kbm_grams).map(Number);
    return rules.kbm_grams[String(Math.min(Math.max(months, Math.min(...keys)), Math.max(...keys)))];
  }

  // null where the server refuses to judge (a weight that is not positive).
  function growthCode(rules, born, on, weightKg, previous) {
    const codes = rules.growth_codes;
    if (!previous) {
      return codes.BARU;
    }
    const before = N.dateParts(previous.date);
    const lastMonth = on.m > 1 ? [on.y, on.m - 1] : [on.y - 1, 12];
    if (before.y !== lastMonth[0] || before.m !== lastMonth[1]) {
      return codes.TIDAK_DITIMBANG;
    }
    const now = positive(weightKg);
    const then = positive(previous.kg);
    if (now === null || then === null) {
      return null;
    }
    const gain = roundHalfEven(now * 1000) - roundHalfEven(then * 1000);
    return gain >= kbmGrams(rules, completedMonths(born, on)) ? codes.NAIK : codes.TIDAK_NAIK;
  }

  // ---- derived.derive, for an under-five's session row ----
  function derive(rules, child, sessionDate, values) {
    const born = N.dateParts(child.birth_date);
    const on = N.dateParts(sessionDate);
    const out = {
      age_days: N.dayNumber(on) - N.dayNumber(born), waz: null, haz: null, whz: null, baz: null,
      weight_for_age_class: "", height_for_age_class: "", weight_for_height_class: "", bgm: null,
      flagged_z: "", growth_code: null,
    };
    if (ageYears(born, on) >= rules.child_max_years) {
      return out;  // not a child's row: the server derives BMI instead
    }
    const oedema = Boolean(values.oedema);  // no weight-based index with oedema
    const weight = given(values.weight_kg) && !oedema ? values.weight_kg : null;
    const raw = growth(rules, child.sex, out.age_days, weight, values.length_cm, values.measured_lying);
    const flagged = [];
    for (const index of Z_INDICES) {
      const [low, high] = rules.implausible_z[index];
      const z = raw[index];
      if (z !== null && (Number(z) < low || Number(z) > high)) {
        flagged.push(index);  // implausible: not stored
      } else {
        out[index] = z;
      }
    }
    out.flagged_z = flagged.join(",");
    if (out.waz !== null) {
      out.weight_for_age_class = classify(rules, "weight_for_age", Number(out.waz));
      out.bgm = Number(out.waz) < rules.bgm_waz;
    }
    if (out.haz !== null) {
      out.height_for_age_class = classify(rules, "height_for_age", Number(out.haz));
    }
    if (out.whz !== null) {
      out.weight_for_height_class = classify(rules, "weight_for_height", Number(out.whz));
    }
    if (weight !== null) {
      out.growth_code = growthCode(rules, born, on, weight, child.previous_weighing || null);
    }
    return out;
  }

  // ---- measurements.check_ranges, growth_warnings, weight_change_warnings,
  // composed as clusters.services._validate composes them ----
  function rangeKey(rules, field, years) {
    if (field !== "weight_kg" && field !== "length_cm") {
      return field;
    }
    if (years < rules.child_max_years) {
      return field + ":child";
    }
    return field + (years < rules.adult_from_years ? ":youth" : ":adult");
  }

  function add(problems, field, message) {
    (problems[field] = problems[field] || []).push(message);
  }

  function checkRanges(rules, values, years, errors, warnings) {
    const fmt = rules.format;
    for (const field of ROW_NUMBERS) {
      const value = values[field];
      if (!given(value)) {
        continue;
      }
      const [low, warnLow, warnHigh, high] = rules.ranges[rangeKey(rules, field, years)].map(D.dec);
      const unit = rules.units[field];
      // NaN and the infinities are out of range, as on the server
      const number = Number.isFinite(Number(value)) ? D.dec(String(Number(value))) : null;
      if (number === null || D.cmp(number, low) < 0 || D.cmp(number, high) > 0) {
        add(errors, field, N.fill(rules.messages.out_of_range,
          {low: N.measure(low, fmt), high: N.measure(high, fmt), unit: unit}));
      } else if (D.cmp(number, warnLow) < 0 || D.cmp(number, warnHigh) > 0) {
        add(warnings, field, N.fill(rules.messages.unusual, {value: N.measure(number, fmt), unit: unit}));
      }
    }
    if (values.oedema && years >= rules.child_max_years) {
      add(errors, "oedema", rules.messages.oedema_over_five);
    }
  }

  function growthWarnings(rules, child, ageDays, values, warnings) {
    const oedema = Boolean(values.oedema);
    const z = growth(rules, child.sex, ageDays, oedema ? null : values.weight_kg, values.length_cm,
      values.measured_lying);
    for (const index of Object.keys(rules.confirm_z)) {
      const [low, high] = rules.confirm_z[index];
      if (z[index] === null || (oedema && rules.weight_based_z.includes(index)) ||
          (low <= Number(z[index]) && Number(z[index]) <= high)) {
        continue;
      }
      add(warnings, rules.z_fields[index], N.fill(rules.messages.implausible_z,
        {index: rules.z_names[index], z: N.zscore(z[index], rules.format)}));
    }
  }

  function weightChangeWarnings(rules, born, on, weightKg, previous, warnings) {
    if (!given(weightKg) || !previous) {
      return;
    }
    const rule = rules.weight_change;
    const before = D.dec(String(previous.kg));
    const beforeOn = N.dateParts(previous.date);
    const change = D.sub(D.dec(String(weightKg)), before);
    const months = completedMonths(born, on);
    let perMonth = D.dec(rule.per_month_kg.find(([under]) => under === null || months < under)[1]);
    perMonth = D.max(perMonth, D.mul(before, D.dec(rule.per_month_share)));
    const days = D.dec(String(N.dayNumber(on) - N.dayNumber(beforeOn)));
    const allowed = D.mul(perMonth, D.max(D.dec("1"), D.div(days, D.dec(rule.days_per_month))));
    const loss = {c: -change.c, e: change.e};
    if (D.cmp(D.abs(change), allowed) <= 0 && D.cmp(loss, D.mul(before, D.dec(rule.max_loss_share))) <= 0) {
      return;
    }
    const fmt = rules.format;
    add(warnings, "weight_kg", N.fill(rules.messages[change.c > 0n ? "weight_gain" : "weight_loss"], {
      kg: N.measure(D.abs(change), fmt), day: N.formatDate(beforeOn, fmt.short_date_format),
      before: N.measure(before, fmt),
    }));
  }

  function check(rules, child, sessionDate, values) {
    const born = N.dateParts(child.birth_date);
    const on = N.dateParts(sessionDate);
    const ageDays = N.dayNumber(on) - N.dayNumber(born);
    const years = ageDays >= 0 ? ageYears(born, on) : 0;
    const errors = {};
    const warnings = {};
    checkRanges(rules, values, years, errors, warnings);
    if (years < rules.child_max_years && ageDays >= 0) {
      growthWarnings(rules, child, ageDays, values, warnings);
      if (!values.oedema) {  // retained water explains a jump
        weightChangeWarnings(rules, born, on, values.weight_kg, child.previous_weighing || null, warnings);
      }
    }
    for (const field of Object.keys(errors)) {
      delete warnings[field];  // a refused value needs no second look
    }
    return {errors: errors, warnings: warnings};
  }

  window.ILPRules = {parseDecimal: N.parseDecimal, derive: derive, check: check, roundZ: roundedZ};
}());
