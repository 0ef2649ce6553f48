/*
 * The briefing's search extension to lunr-languages' Vietnamese support: overrides/hooks/search.py
 * appends it to lunr.vi.min.js as the installed Material ships it.
 *
 * Vietnamese readers type without accents on phones and foreign keyboards ("dat hiem"), with
 * accents in part ("đất hiem"), with either tone-mark placement ("tuỳ"/"tùy", "hoà"/"hòa") or
 * in decomposed Unicode (NFD). Every token is indexed twice at the same position: in a canonical
 * form (NFC, lower case, the tone mark of oa/oe/uy on the first vowel, as scripts/briefing/text.py
 * folds it: tests/folding_cases.json holds both to the same cases) and bare (no marks, đ → d). A
 * query term is searched in both forms, so any spelling finds the page and an accented match,
 * which hits both forms, ranks first. Query terms carry wildcards, which lunr never passes through
 * its search pipeline, so the query is expanded here before lunr parses it.
 */
(function (lunr) {
  "use strict";
  if (!lunr || !lunr.vi) return;

  // A tone mark on a bare a/e after o, or on a bare y after u ("oà", "uỳ"), moves to the first
  // vowel; not when the vowel has another mark too ("oặ" in "hoặc": NFD puts the dot below
  // before the breve). The same pairs as fold_tone_placement in scripts/briefing/text.py: not
  // "ua" or "ue", where u belongs to the consonant ("quá", "quẻ") or carries the mark ("của").
  var LATE_TONE = /([oO](?=[aAeE])|[uU](?=[yY]))([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\u0300-\u036f])/g;

  function canonical(text) {
    return text.normalize("NFD").replace(LATE_TONE, "$1$3$2").normalize("NFC").toLowerCase();
  }

  function bare(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  // For tests/test_folding.py, which holds this and the pipeline's folding to one table.
  lunr.vi.fold = { canonical: canonical, bare: bare };

  function fold(token) {
    var exact = canonical(token.toString());
    var plain = bare(exact);
    var first = token.clone(function () { return exact; });
    return plain === exact ? first : [first, token.clone(function () { return plain; })];
  }

  // Folding runs inside lunr.vi's stop-word filter: that is the step of lunr.vi that both
  // lunr.vi itself (the Vietnamese index) and lunr.multiLanguage("en", "vi") (the English
  // index, whose Vietnamese names need it) put in their indexing pipelines, and that Material
  // keeps (its default pipeline is ["stopWordFilter"]). The query side is expanded below.
  var stopWords = lunr.vi.stopWordFilter;
  lunr.vi.stopWordFilter = function (token) {
    var kept = stopWords(token);
    return kept ? fold(kept) : kept;
  };
  lunr.Pipeline.registerFunction(lunr.vi.stopWordFilter, "stopWordFilter-vi-fold");

  // "+đất*" → "+đất* dat*": the canonical form keeps the modifiers, the bare one is optional.
  function expand(term) {
    var match = /^([+-]?)(.*?)([*~^\d]*)$/.exec(term);
    if (!match || !match[2]) return term;
    var exact = canonical(match[2]);
    var plain = bare(exact);
    var out = match[1] + exact + match[3];
    return plain === exact || match[1] === "-" ? out : out + " " + plain + match[3];
  }

  // Both forms of a word sit at the same position; report each position once, or Material
  // would highlight the word twice and break the result's markup. The match data is rebuilt,
  // never changed in place: lunr shares some of its objects with the index itself.
  function distinctPositions(result) {
    var seen = {};
    var metadata = result.matchData.metadata;
    var distinct = {};
    Object.keys(metadata).forEach(function (term) {
      distinct[term] = {};
      Object.keys(metadata[term]).forEach(function (field) {
        var data = metadata[term][field];
        var copy = {};
        for (var key in data) copy[key] = data[key];
        if (data.position) {
          copy.position = data.position.filter(function (position) {
            var id = field + ":" + position;
            return seen[id] ? false : (seen[id] = true);
          });
        }
        distinct[term][field] = copy;
      });
    });
    return { ref: result.ref, score: result.score, matchData: { metadata: distinct } };
  }

  // Material counts a query term as found when a matched index term starts with it, so a
  // term typed in another form ("hoà" for the indexed "hòa") would be shown as missing and left
  // out of the page highlight. Name it among the matched terms (with no positions) when one of
  // its forms matched.
  function typedTerms(query) {
    return query.split(/\s+/).map(function (term) {
      var match = /^[+-]?(.*?)[*~^\d]*$/.exec(term);
      return match ? match[1].toLowerCase() : "";
    }).filter(Boolean);
  }

  function nameTypedTerms(result, typed) {
    var matched = Object.keys(result.matchData.metadata);
    typed.forEach(function (term) {
      var forms = [canonical(term), bare(term)];
      var found = matched.some(function (key) {
        return forms.some(function (form) { return key.indexOf(form) === 0; });
      });
      if (found && !(term in result.matchData.metadata)) result.matchData.metadata[term] = {};
    });
    return result;
  }

  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) {
    var typed = typedTerms(query);
    return search.call(this, query.split(/\s+/).map(expand).join(" "))
      .map(distinctPositions)
      .map(function (result) { return nameTypedTerms(result, typed); });
  };
})(typeof self !== "undefined" ? self.lunr : this.lunr);
