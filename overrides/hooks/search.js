/*
 * The briefing's search: Vietnamese folding and ranking for Material's lunr search worker.
 * overrides/hooks/search.py appends this file to lunr-languages' Vietnamese support as Material
 * ships it (assets/javascripts/lunr/min/lunr.vi.min.js), which the worker loads for both
 * languages' indexes (overrides/hooks/i18n_site.py gives both the Vietnamese pipeline).
 *
 * Folding. Vietnamese readers type without marks ("dat hiem"), with some ("đất hiem"), with
 * either tone-mark placement ("tuỳ"/"tùy", "hoà"/"hòa") or decomposed (NFD). Every token is
 * indexed twice at the same position: canonical (NFC, lower case, the tone mark of oa/oe/uy on
 * the first vowel, as scripts/briefing/text.py folds it; tests/folding_cases.json holds both to
 * the same cases) and bare (no marks, đ → d).
 *
 * Ranking. Left to itself, Material makes every term a prefix, any term matches and section
 * titles weigh 1000 times the text, with no length normalisation: "ban dan" finds "bảng" and
 * "trích dẫn" first. Here lunr only finds the candidates (every term in bare form, as a
 * prefix); pages are then ranked as a reader judges them:
 * 1. how fully a page matches: for each query term the best match the page holds (a word better
 *    than a prefix, the marks typed better than other marks), and for each pair of consecutive
 *    terms the best match of the two side by side (the syllables of a Vietnamese word, an
 *    English phrase: the ordered pairs of a sequential dependence model). A page that matches
 *    more fully comes first, whatever else it holds;
 * 2. then BM25F, for the terms and for the pairs, over what the page is about (its title, its
 *    description, which the hook puts into the index, and its section headings), weighing
 *    twice, and over what it mentions (its text); long pages are normalised;
 * 3. times the page's boost in the index (reference pages weigh a quarter: the site writer sets
 *    their `search.boost`).
 * A page's sections are ranked among themselves by the same rules. Material then multiplies each
 * score by a factor of its own; that factor is divided out here, so the order is this one. What
 * depends on lunr's and Material's internals is in the last section, and tested against them.
 */
(function (lunr) {
  "use strict";
  if (!lunr || !lunr.vi) return;

  /* ---------------------------------------------------------------- folding */

  // A tone mark on a bare a/e after o, or on a bare y after u ("oà", "uỳ"), moves to the first
  // vowel; not when the vowel has another mark too ("oặ" in "hoặc": NFD puts the dot below
  // before the breve). The same pairs as fold_tone_placement in scripts/briefing/text.py: not
  // "ua" or "ue", where u belongs to the consonant ("quá", "quẻ") or carries the mark ("của").
  var LATE_TONE = /([oO](?=[aAeE])|[uU](?=[yY]))([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\u0300-\u036f])/g;
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

  function canonical(text) {
    return text.normalize("NFD").replace(LATE_TONE, "$1$3$2").normalize("NFC").toLowerCase();
  }

  function bare(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  // For tests/test_folding.py, which holds this and the pipeline's folding to one table.
  lunr.vi.fold = { canonical: canonical, bare: bare };
  // For tests/js/search_adapter.cjs, which holds the adapter below to the ranking (defined later).
  lunr.vi.rank = function (index, query) { return rank(index, query); };

  function fold(token) {
    // Punctuation at either end goes, and an English possessive ("Lai Châu's" is "Lai Châu").
    var exact = canonical(token.toString()).replace(EDGES, "").replace(/['\u2019]s$/, "");
    if (!exact) return undefined;
    var plain = bare(exact);
    var first = token.clone(function () { return exact; });
    return plain === exact ? first : [first, token.clone(function () { return plain; })];
  }

  // The index turned around: for each document and field, the canonical token at each position
  // (a position holds the canonical and the bare form; the canonical is the one with marks).
  function forwardIndex(index) {
    var forward = {};
    Object.keys(index.invertedIndex).forEach(function (term) {
      var posting = index.invertedIndex[term];
      var marked = bare(term) !== term;
      index.fields.forEach(function (field) {
        var refs = posting[field] || {};
        Object.keys(refs).forEach(function (ref) {
          var doc = forward[ref] || (forward[ref] = {});
          var tokens = doc[field] || (doc[field] = {});
          (refs[ref].position || []).forEach(function (position) {
            if (marked || !(position in tokens)) tokens[position] = term;
          });
        });
      });
    });
    return forward;
  }

  /* ---------------------------------------------------------------- scoring */

  // Stop words are not in the index (stopWords: lunr.vi's own filter, kept by the adapter below).
  function isStopWord(index, term) {
    return !stopWords(term) || (index.englishStopWords && !lunr.stopWordFilter(term));
  }

  var K1 = 1.2;
  var PREFIX = 0.3;       // a prefix ("bảng" for "ban") against a whole word
  var OTHER_MARKS = 0.6;  // "bạn" for a typed "bán": the same letters, other marks
  var ABOUT = 2;          // what a page is about (title, description, headings) against its text
  var FULLNESS = 1e6;     // how fully a page matches, to six decimals, comes before relevance
  // The streams of a page: weight, and how much their length counts (BM25's b).
  var STREAMS = {
    title: { weight: 3, b: 0 },
    about: { weight: 2, b: 0.25 },
    heads: { weight: 2, b: 0.5 },
    body: { weight: 1, b: 0.75 }
  };

  // A query term's presence ("+", "-"), the term, then a fuzziness or boost and a wildcard.
  var MODIFIERS = /^([+-]?)(.*?)((?:[~^]\d*)?\*?)$/;

  // The query as Material passes it (every term already a prefix: "bán* dẫn*", or "+x"/"-x").
  function parseQuery(index, query) {
    var terms = [];
    var words = query.split(/\s+/).filter(Boolean);
    words.forEach(function (word, w) {
      var match = MODIFIERS.exec(word);
      var presence = match[1];
      match[2].split(lunr.tokenizer.separator).forEach(function (part) {
        var exact = canonical(part).replace(EDGES, "");
        if (!exact) return;
        var last = w === words.length - 1;
        terms.push({
          exact: exact, bare: bare(exact), marked: bare(exact) !== exact, presence: presence,
          // Stop words are not in the index; the last term may be a word still being typed.
          stop: !last && isStopWord(index, exact)
        });
      });
    });
    return terms;
  }

  function quality(term, token) {
    var plain = bare(token);
    if (term.marked) {
      if (token === term.exact) return 1;
      if (plain === term.bare) return OTHER_MARKS;
      if (token.indexOf(term.exact) === 0) return PREFIX;
      return plain.indexOf(term.bare) === 0 ? PREFIX * OTHER_MARKS : 0;
    }
    if (plain === term.bare) return 1;
    return plain.indexOf(term.bare) === 0 ? PREFIX : 0;
  }

  function zeros(list) {
    return list.map(function () { return 0; });
  }

  // What a field shows of the query: its length in tokens, and per query term (and per ordered
  // pair of terms) the summed and the best match quality.
  function evidence(tokens, terms, pairs, cache) {
    var positions = Object.keys(tokens);
    var out = { length: positions.length, terms: zeros(terms), pairs: zeros(pairs),
                bestTerms: zeros(terms), bestPairs: zeros(pairs) };
    var at = {};
    positions.forEach(function (position) {
      var token = tokens[position];
      var qualities = cache[token] || (cache[token] = terms.map(function (term) {
        return term.stop ? 0 : quality(term, token);
      }));
      at[position] = qualities;
      qualities.forEach(function (q, i) {
        out.terms[i] += q;
        out.bestTerms[i] = Math.max(out.bestTerms[i], q);
      });
    });
    pairs.forEach(function (pair, p) {
      positions.forEach(function (position) {
        var first = at[position][pair.first];
        var next = at[+position + pair.gap];
        var q = first && next ? first * next[pair.second] : 0;
        out.pairs[p] += q;
        out.bestPairs[p] = Math.max(out.bestPairs[p], q);
      });
    });
    return out;
  }

  function add(streams, name, found) {
    var stream = streams[name] || (streams[name] = { length: 0, terms: zeros(found.terms), pairs: zeros(found.pairs),
                                                     bestTerms: zeros(found.terms), bestPairs: zeros(found.pairs) });
    stream.length += found.length;
    ["terms", "pairs"].forEach(function (kind) {
      var best = kind === "terms" ? "bestTerms" : "bestPairs";
      found[kind].forEach(function (q, i) {
        stream[kind][i] += q;
        stream[best][i] = Math.max(stream[best][i], found[best][i]);
      });
    });
  }

  // Consecutive query terms, over the stop words between them (the index skips those too).
  function orderedPairs(terms) {
    var pairs = [];
    var previous = -1;
    terms.forEach(function (term, i) {
      if (term.stop) return;
      if (previous >= 0) pairs.push({ first: previous, second: i, gap: i - previous });
      previous = i;
    });
    return pairs;
  }

  function pageOf(ref) {
    return ref.split("#")[0];
  }

  function tokensOf(field) {
    var tokens = field || {};
    return Object.keys(tokens).map(function (p) { return tokens[p]; }).join(" ");
  }

  function articleFirst(a, b) {
    return (a === pageOf(a) ? 0 : 1) - (b === pageOf(b) ? 0 : 1);
  }

  // A page's streams, summed over its documents (its own document first): that document gives
  // the page's title and what it is about (the description), its sections their headings and
  // text. Each document's own evidence is kept too, for ranking sections.
  function pageEvidence(forward, refs, terms, pairs, cache) {
    var streams = { sections: {} };
    var title = null;
    refs.forEach(function (ref) {
      var doc = forward[ref];
      var heading = evidence(doc.title || {}, terms, pairs, cache);
      var text = evidence(doc.text || {}, terms, pairs, cache);
      streams.sections[ref] = { heads: heading, body: text };
      if (ref === pageOf(ref)) {
        title = tokensOf(doc.title);
        add(streams, "title", heading);
        add(streams, "about", text);
      } else {
        // A page's first section often repeats the page's title: count the title once.
        if (tokensOf(doc.title) !== title) add(streams, "heads", heading);
        add(streams, "body", text);
      }
    });
    return streams;
  }

  // What does not depend on the query, once per index: each page's documents, and how many
  // pages and documents there are and how long their streams are on average (for BM25).
  function layout(index) {
    if (index.layout) return index.layout;
    var forward = forwardIndex(index);
    var docs = {};
    Object.keys(forward).sort(articleFirst).forEach(function (ref) {
      (docs[pageOf(ref)] = docs[pageOf(ref)] || []).push(ref);
    });
    var pages = Object.keys(docs).map(function (page) { return pageEvidence(forward, docs[page], [], [], {}); });
    var sections = [];
    pages.forEach(function (page) {
      Object.keys(page.sections).forEach(function (ref) { sections.push(page.sections[ref]); });
    });
    return (index.layout = {
      forward: forward, docs: docs,
      pages: { count: pages.length, averages: averages(pages) },
      sections: { count: sections.length, averages: averages(sections) }
    });
  }

  function averages(units) {
    var out = {};
    Object.keys(STREAMS).forEach(function (name) {
      var total = 0;
      units.forEach(function (unit) { total += unit[name] ? unit[name].length : 0; });
      out[name] = total / units.length || 1;
    });
    return out;
  }

  function idf(count, total) {
    return Math.log(1 + (total - count + 0.5) / (count + 0.5));
  }

  // BM25F over some streams: per feature (a term, or an ordered pair), the weighted,
  // length-normalised frequency over the streams, saturated once, times the feature's rarity
  // (in how many of all units it occurs, in any stream). Units that hold no feature at all are
  // left out of `units`; `all` says how many there are with them, and their average lengths.
  function bm25f(units, streams, kind, features, all) {
    var scores = zeros(units);
    for (var f = 0; f < features; f++) {
      var present = units.filter(function (unit) {
        return Object.keys(STREAMS).some(function (name) { return unit[name] && unit[name][kind][f] > 0; });
      }).length;
      var rarity = idf(present, all.count);
      units.forEach(function (unit, u) {
        var tf = 0;
        streams.forEach(function (name) {
          var stream = unit[name];
          if (!stream || !stream[kind][f]) return;
          var spec = STREAMS[name];
          tf += spec.weight * stream[kind][f] / (1 - spec.b + spec.b * stream.length / all.averages[name]);
        });
        scores[u] += rarity * tf * (K1 + 1) / (K1 + tf);
      });
    }
    return scores;
  }

  // How fully a unit matches the query, from 0 to 2: the mean over its terms of the best match
  // quality found for each, plus the same over its ordered pairs (a one-word query counts as a
  // phrase found). Pages that match more fully come first, whatever else they hold.
  function fullness(unit, streams, terms, pairs) {
    var best = function (kind, i) {
      return Math.max.apply(null, streams.map(function (name) { return unit[name] ? unit[name][kind][i] : 0; }));
    };
    var live = 0;
    var words = 0;
    terms.forEach(function (term, i) {
      if (term.stop) return;
      live += 1;
      words += best("bestTerms", i);
    });
    var together = 0;
    pairs.forEach(function (pair, p) { together += best("bestPairs", p); });
    return (live ? words / live : 0) + (pairs.length ? together / pairs.length : words / (live || 1));
  }

  // A unit's score: how fully it matches, then how much it is about the query (its about
  // streams, weighted) and mentions it (its other streams) times its prior, squashed below 1
  // so that it only ever orders units that match equally fully.
  function relevance(units, about, mentions, terms, pairs, priors, all) {
    var streams = about.concat(mentions);
    var score = function (names, kind, features) { return bm25f(units, names, kind, features, all); };
    var aboutness = [score(about, "terms", terms.length), score(about, "pairs", pairs.length)];
    var mentioned = [score(mentions, "terms", terms.length), score(mentions, "pairs", pairs.length)];
    return units.map(function (unit, u) {
      var relevant = ABOUT * (aboutness[0][u] + aboutness[1][u]) + mentioned[0][u] + mentioned[1][u];
      var weighed = relevant * priors[u];
      return Math.round(FULLNESS * fullness(unit, streams, terms, pairs)) + weighed / (1 + weighed);
    });
  }

  /* ---------------------------------------------------------------- ranking */

  // The positions worth marking: for each query term, its best kind of match in the document
  // (a prefix is marked only where the term matched no whole word). Rebuilt, never changed in
  // place: lunr shares some of its objects with the index itself.
  function markedPositions(result, doc, terms) {
    var best = terms.map(function () { return 0; });
    var tokenAt = function (field, position) { return doc && doc[field] ? doc[field][position] : undefined; };
    var metadata = result.matchData.metadata;
    Object.keys(metadata).forEach(function (key) {
      Object.keys(metadata[key]).forEach(function (field) {
        (metadata[key][field].position || []).forEach(function (position) {
          var token = tokenAt(field, position);
          terms.forEach(function (term, i) {
            if (token && !term.stop) best[i] = Math.max(best[i], quality(term, token));
          });
        });
      });
    });
    var seen = {};
    var out = {};
    Object.keys(metadata).forEach(function (key) {
      out[key] = {};
      Object.keys(metadata[key]).forEach(function (field) {
        var data = metadata[key][field];
        var copy = {};
        for (var name in data) copy[name] = data[name];
        if (data.position) {
          copy.position = data.position.filter(function (position) {
            var token = tokenAt(field, position);
            var id = field + ":" + position;
            var wanted = terms.some(function (term, i) {
              return !term.stop && best[i] > 0 && quality(term, token) >= best[i];
            });
            return wanted && !seen[id] ? (seen[id] = true) : false;
          });
        }
        out[key][field] = copy;
      });
    });
    return out;
  }

  // The ranking of one query: every candidate document with its score and the positions to mark.
  function rank(index, query) {
    var terms = parseQuery(index, query);
    var live = terms.filter(function (term) { return !term.stop; });
    if (!live.length) return [];
    // Candidates: every document with some term in some spelling, as a prefix (the bare form
    // is indexed at every position). "+" and "-" keep their meaning, for any spelling.
    var candidates = index.query(function (q) {
      live.forEach(function (term) {
        q.term(term.bare, {
          usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING,
          presence: term.presence === "+" ? lunr.Query.presence.REQUIRED
            : term.presence === "-" ? lunr.Query.presence.PROHIBITED : lunr.Query.presence.OPTIONAL
        });
      });
    });
    if (!candidates.length) return [];

    // Only pages with a candidate hold any of the query: score those, against all pages.
    var site = layout(index);
    var pairs = orderedPairs(terms);
    var cache = {};
    var pages = {};
    candidates.forEach(function (result) {
      var page = pageOf(result.ref);
      if (!pages[page]) pages[page] = pageEvidence(site.forward, site.docs[page], terms, pairs, cache);
    });
    var names = Object.keys(pages);
    var pageScores = {};
    relevance(names.map(function (name) { return pages[name]; }), ["title", "about", "heads"], ["body"], terms, pairs,
              names.map(function (name) { return index.boosts[name] || 1; }), site.pages)
      .forEach(function (score, i) { pageScores[names[i]] = score; });

    // Sections: scored among all documents, then scaled so that a page's best document gets
    // the page's score and the others keep their order below it.
    var refs = candidates.map(function (result) { return result.ref; });
    var sections = refs.map(function (ref) { return pages[pageOf(ref)].sections[ref]; });
    var sectionScores = relevance(sections, ["heads"], ["body"], terms, pairs, refs.map(function () { return 1; }),
                                  site.sections);
    var best = {};
    refs.forEach(function (ref, i) {
      best[pageOf(ref)] = Math.max(best[pageOf(ref)] || 0, sectionScores[i]);
    });

    return candidates.map(function (result, i) {
      var ref = result.ref;
      var page = pageOf(ref);
      var share = best[page] ? sectionScores[i] / best[page] : 0;
      return {
        ref: ref,
        score: pageScores[page] * (0.5 + 0.5 * share),
        metadata: markedPositions(result, site.forward[ref], terms)
      };
    }).sort(function (a, b) { return b.score - a.score; });
  }

  /* ------------------------------------- where this meets lunr's and Material's internals */

  // Everything below depends on how lunr, lunr-languages and Material's search worker work
  // inside, not only on their documented interfaces; tests/js/search_adapter.cjs checks each
  // assumption against the installed Material (tests/test_search_assets.py runs it), so that an
  // upgrade that breaks one fails a test, not a reader's search.

  // 1. lunr-languages: folding runs inside lunr.vi's stop-word filter, the step of lunr.vi that
  // both lunr.vi itself (the Vietnamese index) and lunr.multiLanguage("en", "vi") (the English
  // index, whose Vietnamese names need it) put in their indexing pipelines, and that Material
  // keeps (its default pipeline is ["stopWordFilter"]).
  var stopWords = lunr.vi.stopWordFilter;
  lunr.vi.stopWordFilter = function (token) {
    var kept = stopWords(token);
    return kept ? fold(kept) : kept;
  };
  lunr.Pipeline.registerFunction(lunr.vi.stopWordFilter, "stopWordFilter-vi-fold");

  // 2. lunr: the builder's documents (with their boosts) and its pipeline.
  // A built lunr index keeps neither the documents' boosts nor its indexing pipeline: keep
  // both, for the page prior and to know which query terms the index never holds (stop words).
  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    var index = build.call(this);
    var documents = this._documents;
    index.boosts = {};
    Object.keys(documents).forEach(function (ref) {
      index.boosts[ref] = documents[ref] && documents[ref].boost > 0 ? documents[ref].boost : 1;
    });
    index.englishStopWords = this.pipeline.toJSON().indexOf("stopWordFilter") !== -1;
    return index;
  };

  // 3. Material's worker: its factor on each score, and what it counts as a term found. The
  // factor (worker: Search.search) is 1 + b², with b = 1 for a page (not a section) plus the
  // share of query terms a matched index term starts with.
  function materialFactor(ref, query, matched) {
    var parser = new lunr.QueryParser(query, new lunr.Query(["title", "text", "tags"]));
    parser.parse();
    var clauses = parser.query.clauses.filter(function (clause) {
      return clause.presence !== lunr.Query.presence.PROHIBITED;
    }).map(function (clause) { return clause.term.replace(/^\*|\*$/g, ""); });
    var found = {};
    clauses.forEach(function (term) {
      if (matched.some(function (key) { return key.indexOf(term) === 0; })) found[term] = true;
      else if (lunr.stopWordFilter(term)) found[term] = false;
    });
    var keys = Object.keys(found);
    var share = keys.length ? keys.filter(function (key) { return found[key]; }).length / keys.length : 0;
    var boost = (ref === pageOf(ref) ? 1 : 0) + share;
    return 1 + boost * boost;
  }

  // Material counts a query term as found when a matched index term starts with it, so a
  // term typed in another form ("hoà" for the indexed "hòa") would be shown as missing and left
  // out of the page highlight. Name it among the matched terms (with no positions) when one of
  // its forms matched.
  function typedTerms(query) {
    return query.split(/\s+/).map(function (term) {
      return MODIFIERS.exec(term)[2].toLowerCase();
    }).filter(Boolean);
  }

  function nameTypedTerms(metadata, typed) {
    var matched = Object.keys(metadata);
    typed.forEach(function (term) {
      var forms = [canonical(term), bare(term)];
      var found = matched.some(function (key) {
        return forms.some(function (form) { return key.indexOf(form) === 0; });
      });
      if (found && !(term in metadata)) metadata[term] = {};
    });
    return metadata;
  }

  // 4. Material's worker calls the index's search with the query as it rewrote it (every term
  // a prefix); the results carry the ranking's score, divided by the factor Material multiplies
  // back in, and the positions to mark.
  lunr.Index.prototype.search = function (query) {
    var typed = typedTerms(query);
    return rank(this, query).map(function (result) {
      var metadata = nameTypedTerms(result.metadata, typed);
      return {
        ref: result.ref,
        score: result.score / materialFactor(result.ref, query, Object.keys(metadata)),
        matchData: { metadata: metadata }
      };
    });
  };
})(typeof self !== "undefined" ? self.lunr : this.lunr);
