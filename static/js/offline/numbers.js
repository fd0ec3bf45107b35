// Numbers and dates for the offline entry rules (rules.js, loaded after this
// file): Python's decimal arithmetic where the server computes in Decimal,
// numbers and dates written as the user's language writes them
// (clusters/numbers.py), and typed numbers read as the form reads them
// (clusters/forms.py LocalDecimalField). window.ILPNumbers.
(function () {
  "use strict";

  // ---- Decimals, as Python's decimal module computes them (28 digits) ----
  // {c: BigInt coefficient, e: exponent}: the value c * 10^e.
  const PREC = 28;
  const TEN = 10n;

  function pow10(n) {
    return TEN ** BigInt(n);
  }

  function dec(value) {
    if (value !== null && typeof value === "object") {
      return value;
    }
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(String(value));
    if (!m || (m[2] + (m[3] || "")) === "") {
      return null;
    }
    const frac = m[3] || "";
    const c = BigInt(m[2] + frac || "0");
    return {c: m[1] === "-" ? -c : c, e: (m[4] ? parseInt(m[4], 10) : 0) - frac.length};
  }

  function aligned(a, b) {
    const e = Math.min(a.e, b.e);
    return [a.c * pow10(a.e - e), b.c * pow10(b.e - e), e];
  }

  function cmp(a, b) {
    const [x, y] = aligned(a, b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }

  function sub(a, b) {
    const [x, y, e] = aligned(a, b);
    return {c: x - y, e: e};
  }

  function abs(a) {
    return {c: a.c < 0n ? -a.c : a.c, e: a.e};
  }

  function digitsOf(c) {
    return (c < 0n ? -c : c).toString().length;
  }

  // Round to PREC digits, half even; `sticky`: something nonzero was cut below c.
  function rounded(c, e, sticky) {
    const negative = c < 0n;
    let q = negative ? -c : c;
    const drop = digitsOf(q) - PREC;
    if (drop > 0) {
      const unit = pow10(drop);
      const r = q % unit;
      q = q / unit;
      const twice = 2n * r;
      if (twice > unit || (twice === unit && (sticky || q % 2n === 1n))) {
        q += 1n;
      }
      e += drop;
    }
    return {c: negative ? -q : q, e: e};
  }

  function mul(a, b) {
    return rounded(a.c * b.c, a.e + b.e, false);
  }

  function div(a, b) {
    const extra = PREC + 2 + digitsOf(b.c);
    const n = a.c * pow10(extra);
    return rounded(n / b.c, a.e - b.e - extra, n % b.c !== 0n);
  }

  function max(a, b) {
    return cmp(b, a) > 0 ? b : a;
  }

  // Quantize to `places` decimals, half up (numbers.as_decimal, derived._dec).
  function quantizeHalfUp(a, places) {
    if (a.e >= -places) {
      return {c: a.c * pow10(a.e + places), e: -places};
    }
    const unit = pow10(-places - a.e);
    const negative = a.c < 0n;
    const x = negative ? -a.c : a.c;
    let q = x / unit;
    if (2n * (x % unit) >= unit) {
      q += 1n;
    }
    return {c: negative ? -q : q, e: -places};
  }

  // ---- Numbers and dates as the user's language writes them (clusters/numbers.py) ----
  function plain(a, places) {
    // digits of a quantized decimal (a.e === -places), unsigned, with "." as the mark
    const text = (a.c < 0n ? -a.c : a.c).toString().padStart(places + 1, "0");
    return places ? text.slice(0, -places) + "." + text.slice(-places) : text;
  }

  function localised(text, negative, fmt) {
    let [intPart, decPart] = text.split(".");
    if (fmt.thousand_separator && fmt.number_grouping > 0) {
      const groups = [];
      while (intPart.length > fmt.number_grouping) {
        groups.unshift(intPart.slice(-fmt.number_grouping));
        intPart = intPart.slice(0, -fmt.number_grouping);
      }
      groups.unshift(intPart);
      intPart = groups.join(fmt.thousand_separator);
    }
    return (negative ? "-" : "") + intPart + (decPart ? fmt.decimal_separator + decPart : "");
  }

  // numbers.measure: at most 2 decimals, no trailing zeros.
  function measure(value, fmt) {
    const q = quantizeHalfUp(dec(value), 2);
    let text = plain(q, 2).replace(/\.?0+$/, "");
    if (text === "") {
      text = "0";
    }
    return localised(text, q.c < 0n, fmt);
  }

  // numbers.zscore: 2 decimals, a minus sign before a negative one.
  function zscore(text, fmt) {
    const negative = text[0] === "-";
    return (negative ? fmt.minus : "") + localised(negative ? text.slice(1) : text, false, fmt);
  }

  function dateParts(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m) {
      throw new TypeError("expected a date YYYY-MM-DD, got " + iso);
    }
    return {y: +m[1], m: +m[2], d: +m[3]};
  }

  // Days since 1970-01-01, in UTC: no time zone moves a date.
  function dayNumber(p) {
    return Math.round(Date.UTC(p.y, p.m - 1, p.d) / 86400000);
  }

  function daysInMonth(y, m) {
    return new Date(Date.UTC(y, m, 0)).getUTCDate();
  }

  // Django's date format letters that a short date uses (d j m n Y y), \-escapes.
  function formatDate(p, format) {
    const two = (n) => String(n).padStart(2, "0");
    const letters = {d: two(p.d), j: String(p.d), m: two(p.m), n: String(p.m), Y: String(p.y),
      y: two(p.y % 100)};
    let out = "";
    for (let i = 0; i < format.length; i++) {
      const ch = format[i];
      if (ch === "\\" && i + 1 < format.length) {
        out += format[++i];
      } else {
        out += Object.prototype.hasOwnProperty.call(letters, ch) ? letters[ch] : ch;
      }
    }
    return out;
  }

  function fill(template, params) {
    return template.replace(/%(?:\((\w+)\)s|%)/g, (all, name) => (name === undefined ? "%" : params[name]));
  }

  // ---- Typed numbers (clusters/forms.py LocalDecimalField) ----
  // Python's str.split() whitespace, and any Unicode decimal digit Decimal reads.
  const SPACES = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;
  const DIGIT = /\p{Nd}/u;

  function asciiDigits(text) {
    return Array.from(text, function (ch) {
      if (ch >= "0" && ch <= "9" || !DIGIT.test(ch)) {
        return ch;
      }
      let cp = ch.codePointAt(0);
      let k = 0;  // Unicode encodes each set of decimal digits 0-9 in a run
      while (DIGIT.test(String.fromCodePoint(cp - 1))) {
        cp--;
        k++;
      }
      return String(k % 10);
    }).join("");
  }

  // The number typed, with a comma or a point as the decimal mark; null when
  // empty or not a number as the form reads it. `limits` ({max_digits,
  // decimal_places}, rules.fields[name]) also refuses what the field refuses.
  function parseDecimal(text, limits) {
    if (text === null || text === undefined) {
      return null;
    }
    let s = String(text).replace(SPACES, "");
    if (s === "" || (s.match(/[.,]/g) || []).length > 1) {
      return null;
    }
    s = asciiDigits(s.replace(",", ".")).replace(/_/g, "");
    const m = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:e([+-]?\d+))?$/i.exec(s);
    if (!m) {
      return null;  // also Infinity and NaN, which the form refuses
    }
    const whole = m[2] !== undefined ? m[2] : "";
    const frac = m[2] !== undefined ? (m[3] || "") : m[4];
    const coefficient = (whole + frac).replace(/^0+/, "") || "0";
    const exponent = (m[5] ? parseInt(m[5], 10) : 0) - frac.length;
    if (limits && !withinDigits(coefficient, exponent, limits)) {
      return null;
    }
    const number = Number(m[1] + coefficient + "e" + exponent);
    return Number.isFinite(number) ? number : null;
  }

  // django.core.validators.DecimalValidator
  function withinDigits(coefficient, exponent, limits) {
    let digits;
    let decimals;
    if (exponent >= 0) {
      digits = coefficient.length + (coefficient !== "0" ? exponent : 0);
      decimals = 0;
    } else if (-exponent > coefficient.length) {
      digits = decimals = -exponent;
    } else {
      digits = coefficient.length;
      decimals = -exponent;
    }
    const maxDigits = limits.max_digits;
    const places = limits.decimal_places;
    if (maxDigits !== null && maxDigits !== undefined && digits > maxDigits) {
      return false;
    }
    if (places !== null && places !== undefined && decimals > places) {
      return false;
    }
    return !(maxDigits != null && places != null && digits - decimals > maxDigits - places);
  }

  window.ILPNumbers = {
    parseDecimal: parseDecimal,
    decimal: {dec: dec, cmp: cmp, sub: sub, abs: abs, mul: mul, div: div, max: max},
    measure: measure,
    zscore: zscore,
    formatDate: formatDate,
    fill: fill,
    dateParts: dateParts,
    dayNumber: dayNumber,
    daysInMonth: daysInMonth,
  };
}());
