/*
 * The briefing's search: Vietnamese folding, forgiving matching and ranking for Material's lunr
 * search worker. overrides/hooks/search.py appends this file to lunr-languages' Vietnamese
 * support as Material ships it (assets/javascripts/lunr/min/lunr.vi.min.js), which the worker
 * loads for both languages' indexes (overrides/hooks/i18n_site.py gives both the Vietnamese
 * pipeline).
 *
 * Folding. Every token is indexed in one canonical form: NFC, lower case, the tone mark of
 * oa/oe/uy on the first vowel, as scripts/briefing/text.py folds it (tests/folding_cases.json
 * holds both to the same cases).
 *
 * Matching. Readers type Vietnamese without marks ("dat hiem"), with some ("đât hiêm"), with
 * either tone-mark placement or decomposed (NFD), with Telex keys left in when the input method
 * was off ("ddaats hieems"), with s for x or i for y ("suất", "qui"); and English in another form
 * of the word ("tourist", "economy"). A query term matches a word of the index:
 * - fully when it is the word as typed: the same letters, and any mark typed is the word's;
 * - less when the word has other marks ("bạn" for "bán"), when it is the Telex decoding that
 *   matches, when only the English stem is the same, or (Vietnamese) only s/x and i/y differ;
 * - as a prefix only for the last term, the one still being typed ("semi" for "semiconductor";
 *   "main" finds "maintained" only while it is being typed).
 * Function words ("như thế nào", "nói gì về", "what did … say") do not count against a page.
 *
 * Ranking. Each page is scored by query likelihood with Dirichlet smoothing (length
 * normalisation by construction: a long page must hold the query more often to score as well),
 * over the query's terms and its ordered pairs of consecutive terms (the syllables of a
 * Vietnamese word, an English phrase: a sequential dependence model), with a page's title,
 * description and headings weighing more than its text. A page scores as its best part: the
 * page itself (title and description) or one of its sections (with the page's title and
 * description). The page's boost in the index is its prior (reference pages weigh a quarter:
 * the site writer sets their `search.boost`), spread over the query's terms: a topic page comes
 * before a reference page unless the reference page matches clearly better, and the more words
 * a query has, the less better it must match on each. A page's sections are ranked among themselves by
 * the same score. Material then multiplies each score by a factor of its own; that factor is
 * divided out here, so the order is this one. What depends on lunr's and Material's internals
 * is in the last section, and tested against them.
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

  var ASCII = /^[\x00-\x7f]*$/;

  function canonical(text) {
    // Most words of an English page, and numbers, have nothing to normalise.
    if (ASCII.test(text)) return text.toLowerCase();
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

  // Each spelling is folded once: most words of a page recur, and folding is most of what
  // building the index costs beyond lunr's own work.
  var folded = {};

  function fold(token) {
    var text = token.toString();
    if (!(text in folded)) {
      // Punctuation at either end goes, and an English possessive ("Lai Châu's" is "Lai Châu").
      folded[text] = canonical(text).replace(EDGES, "").replace(/['\u2019]s$/, "");
    }
    var exact = folded[text];
    return exact ? token.clone(function () { return exact; }) : undefined;
  }

  /* ---------------------------------------------------------------- words */

  // The marks of a Vietnamese word, apart: its letters without marks, the shape each letter
  // carries (circumflex, breve, horn, the stroke of đ) and its tone. Telex's letters name them.
  var TONES = { "\u0300": "f", "\u0301": "s", "\u0303": "x", "\u0309": "r", "\u0323": "j" };
  var SHAPES = { "\u0302": "^", "\u0306": "(", "\u031b": "+" };

  function marks(word) {
    if (ASCII.test(word)) return { bare: word, shapes: [], tone: "" };
    var letters = "";
    var shapes = [];
    var tone = "";
    Array.from(word.normalize("NFD")).forEach(function (c) {
      if (TONES[c]) tone = TONES[c];
      else if (SHAPES[c]) shapes[shapes.length - 1] = SHAPES[c];
      else if (!/[\u0300-\u036f]/.test(c)) {
        letters += c === "đ" ? "d" : c;
        shapes.push(c === "đ" ? "-" : "");
      }
    });
    return { bare: letters, shapes: shapes, tone: tone };
  }

  // What a word typed with Telex keys left in ("ddaats", "hieems", "vawn") stands for, as marks
  // (null when it holds no Telex key). A Vietnamese syllable never has s, f, r, x or j after its
  // vowel, nor a doubled d, a, e or o, nor a w: typed, they are Telex's keys.
  var TELEX_SHAPES = [[/dd/g, "đ"], [/uow/g, "ươ"], [/uw/g, "ư"], [/ow/g, "ơ"], [/aw/g, "ă"],
                      [/aa/g, "â"], [/ee/g, "ê"], [/oo/g, "ô"]];

  function telex(word) {
    if (!/^[a-z]+$/.test(word)) return null;
    var tone = "";
    var keyed = word.replace(/^([^aeiouy]*[aeiouy][a-z]*?)([sfrxj])([a-z]*)$/, function (all, head, key, tail) {
      tone = key;
      return head + tail;
    });
    TELEX_SHAPES.forEach(function (rule) { keyed = keyed.replace(rule[0], rule[1]); });
    if (keyed === word) return null;
    var typed = marks(keyed);
    typed.tone = tone;
    return typed;
  }

  // The form of a word (without marks) that its variants share. English: its stem, lunr's Porter
  // stemmer's, of the American spelling ("modernised", "modernized"; "centre", "center"), with
  // what that leaves of a word's family cut to one ("economi", "econom"; "tourism", "tourist";
  // "industri"). Vietnamese: s for x and i for y, which many readers confuse in spelling ("suất"
  // for "xuất", "qui" for "quy").
  function variant(index, plain) {
    if (!index.english) return plain.replace(/x/g, "s").replace(/y/g, "i");
    if (!/^[a-z]+$/.test(plain)) return plain;
    var american = plain.replace(/([iy])s(e[ds]?|ing|ations?)$/, "$1z$2").replace(/tre(s?)$/, "ter$1");
    var stemmed = lunr.stemmer(new lunr.Token(american)).toString();
    var root = stemmed.replace(/(?:ism|ist|i)$/, "");
    return root.length >= 4 ? root : stemmed;
  }

  // Words that say what a reader asks, not what about: a page need not hold them. Vietnamese by
  // their canonical form; typed without any mark, by bare forms that are no content word too.
  var FUNCTION_WORDS = {
    vi: ("ai bao biết bị các cái cho có của đã đang đâu để đó đến được gì giờ hay hoặc khi không là " +
         "làm mà này nào như nhiêu những nói ở ra sao sẽ tại thế theo thì trong và về vì với").split(" "),
    bare: "ai cac cua dang dau duoc gi gio hoac khong nao nay nhieu nhu nhung sao the thi".split(" "),
    en: "also many much tell told".split(" ")
  };

  function isFunctionWord(index, exact, marked) {
    if (index.english) return FUNCTION_WORDS.en.indexOf(exact) !== -1 || !lunr.stopWordFilter(exact);
    return (marked ? FUNCTION_WORDS.vi : FUNCTION_WORDS.bare).indexOf(exact) !== -1;
  }

  /* ---------------------------------------------------------------- matching */

  var OTHER_MARKS = 0.6;  // "bạn" for a typed "bán": the same letters, other marks
  var TELEX = 0.9;        // the word a term's Telex keys stand for
  // A variant: English, the same stem ("economic" for "economy"); Vietnamese, s for x and i for
  // y ("suất" for "xuất"), which may also be another word.
  var VARIANT = { en: 0.8, vi: 0.5 };
  var PREFIX = 0.3;       // the term being typed, as a prefix ("semi" for "semiconductor")

  // Whether what was typed fits a word's marks: each shape typed is the word's, and the tone
  // typed (if any) is the word's, wherever it sits ("hoà" and "hòa").
  function fits(typed, word, length) {
    for (var i = 0; i < length; i++) {
      if (typed.shapes[i] && typed.shapes[i] !== word.shapes[i]) return false;
    }
    return !typed.tone || typed.tone === word.tone;
  }

  function formQuality(form, word, last) {
    if (form.bare === word.bare) return fits(form, word, form.bare.length) ? 1 : OTHER_MARKS;
    if (last && word.bare.indexOf(form.bare) === 0) {
      return PREFIX * (fits(form, word, form.bare.length) ? 1 : OTHER_MARKS);
    }
    return 0;
  }

  // How well a query term matches a word of the index, from 0 (not at all) to 1.
  function quality(index, term, word) {
    var best = formQuality(term.typed, word, term.last);
    if (term.telex) best = Math.max(best, TELEX * formQuality(term.telex, word, term.last));
    var other = index.english ? VARIANT.en : VARIANT.vi;
    return best < other && term.variant === word.variant ? other : best;
  }

  // A query term's presence ("+", "-"), the term, then a fuzziness or boost and a wildcard.
  var MODIFIERS = /^([+-]?)(.*?)((?:[~^]\d*)?\*?)$/;

  // The query as Material passes it (every term already a prefix: "bán* dẫn*", or "+x"/"-x").
  function parseQuery(index, query) {
    var words = query.split(/\s+/).filter(Boolean);
    var marked = words.some(function (word) { return bare(word) !== word.toLowerCase(); });
    var terms = [];
    words.forEach(function (word, w) {
      var match = MODIFIERS.exec(word);
      match[2].split(lunr.tokenizer.separator).forEach(function (part) {
        var exact = canonical(part).replace(EDGES, "");
        if (!exact) return;
        var typed = marks(exact);
        terms.push({
          exact: exact, typed: typed, presence: match[1],
          telex: index.english ? null : telex(exact),
          variant: variant(index, typed.bare),
          last: w === words.length - 1,
          // A term asked for with "+" or "-" counts, whatever it is.
          function: !match[1] && isFunctionWord(index, exact, marked)
        });
      });
    });
    // A query of function words only ("the", "About": a page's title) is asked as it is, and
    // only such a query finds English stop words, which the English index keeps apart.
    if (terms.every(function (term) { return term.function; })) {
      terms.forEach(function (term) { term.function = false; term.asIs = true; });
    }
    return terms;
  }

  /* ---------------------------------------------------------------- the index, turned around */

  // What does not depend on the query, once per index (when it is built): every word of the
  // index with its marks and variant, and whether it is an English stop word; each document's
  // fields as the words at their positions, and their lengths; each page's documents; and the
  // collection's length. Stop words count in no length: the ranking is what it would be without
  // them (they matched nothing before the English index kept them).
  function prepare(index, fields) {
    var words = [];
    var ids = Object.create(null);  // token → its number in words
    var docs = {};
    Object.keys(fields).forEach(function (ref) {
      var doc = docs[ref] = {};
      Object.keys(fields[ref]).forEach(function (field) {
        var tokens = fields[ref][field];
        var positions = Object.keys(tokens).map(Number).sort(function (a, b) { return a - b; });
        var kept = doc[field] = {
          positions: positions,
          words: positions.map(function (position) {
            var token = tokens[position];
            if (!(token in ids)) {
              var word = marks(token);
              word.variant = variant(index, word.bare);
              word.stop = index.english && !lunr.stopWordFilter(token);
              word.token = token;
              ids[token] = words.push(word) - 1;
            }
            return ids[token];
          })
        };
        kept.length = kept.words.filter(function (id) { return !words[id].stop; }).length;
      });
    });
    var pages = {};
    Object.keys(docs).forEach(function (ref) { (pages[pageOf(ref)] = pages[pageOf(ref)] || []).push(ref); });
    var length = 0;
    Object.keys(docs).forEach(function (ref) {
      Object.keys(docs[ref]).forEach(function (field) { length += docs[ref][field].length; });
    });
    index.site = { words: words, ids: ids, docs: docs, pages: pages, length: length };
  }

  function pageOf(ref) {
    return ref.split("#")[0];
  }

  /* ---------------------------------------------------------------- scoring */

  var MU = 120;       // Dirichlet smoothing: how many words of the whole index a part is padded with
  // The ordered pairs' weight against the single terms': a Vietnamese word is most often two
  // syllables or more ("bán dẫn"), each of which alone is another word ("bản", "dẫn").
  var PAIRS = { vi: 4, en: 1 };
  var PRIOR = 1;      // how much a page's boost counts, in nats per feature of a one-term query
  // The streams of a part of a page, and their weights: the page's title and description (what
  // it is about), a section's heading and its text.
  var STREAMS = { title: 3, about: 2, heads: 2, body: 1 };

  // The features of a query: its terms that count (not function words), and each ordered pair
  // of consecutive ones, allowed as far apart in the text as in the query (function words
  // between them may be left out, or written out).
  function features(index, terms) {
    var counted = [];
    terms.forEach(function (term, i) { if (!term.function) counted.push(i); });
    var pairs = [];
    for (var k = 1; k < counted.length; k++) {
      pairs.push({ first: counted[k - 1], second: counted[k], gap: counted[k] - counted[k - 1] });
    }
    return { terms: counted, pairs: pairs, pairWeight: index.english ? PAIRS.en : PAIRS.vi };
  }

  // What one field of one document shows of the query: its length, and per term and per
  // ordered pair the match quality summed and the best (a pair further apart than in the
  // query, by up to two words, counts half), and which positions matched each term and how well.
  function evidence(field, qualities, terms, pairs) {
    var zeros = function (list) { return list.map(function () { return 0; }); };
    var out = { length: field.length, terms: zeros(terms), pairs: zeros(pairs),
                bestTerms: zeros(terms), bestPairs: zeros(pairs), matches: [] };
    var at = {};
    field.positions.forEach(function (position, p) {
      var q = qualities[field.words[p]];
      if (!q) return;
      at[position] = q;
      out.matches.push({ position: position, word: field.words[p], qualities: q });
      q.forEach(function (value, i) {
        out.terms[i] += value;
        out.bestTerms[i] = Math.max(out.bestTerms[i], value);
      });
    });
    pairs.forEach(function (pair, p) {
      out.matches.forEach(function (match) {
        var first = match.qualities[pair.first];
        if (!first) return;
        for (var d = 1; d <= pair.gap + 2; d++) {
          var next = at[match.position + d];
          if (next && next[pair.second]) {
            var q = first * next[pair.second] * (d <= pair.gap ? 1 : 0.5);
            out.pairs[p] += q;
            out.bestPairs[p] = Math.max(out.bestPairs[p], q);
            return;
          }
        }
      });
    });
    return out;
  }

  // A part of a page (the page itself, or a section with the page's title and description), as
  // weighted streams: its length, its weighted count of each term and pair, and the best match
  // of each in any stream.
  function part(streams) {
    var out = { length: 0 };
    streams.forEach(function (stream) {
      var weight = STREAMS[stream.name];
      var found = stream.evidence;
      out.length += weight * found.length;
      ["terms", "pairs"].forEach(function (kind) {
        var best = kind === "terms" ? "bestTerms" : "bestPairs";
        out[kind] = out[kind] || found[kind].map(function () { return 0; });
        out[best] = out[best] || found[kind].map(function () { return 0; });
        found[kind].forEach(function (value, i) {
          out[kind][i] += weight * value;
          out[best][i] = Math.max(out[best][i], found[best][i]);
        });
      });
    });
    return out;
  }

  // Query likelihood with Dirichlet smoothing: the log-probability of the query's features
  // under the part's words, smoothed by the whole index's (`background`: each feature's share).
  // What a feature found gains over one not found is scaled by how well it matched: a word with
  // other marks, or a prefix, is only partly the word typed.
  function likelihood(unit, query, background) {
    var pairs = query.pairWeight;
    var score = 0;
    var denominator = Math.log(unit.length + MU);
    var feature = function (count, best, share) {
      var smoothed = MU * share;
      return Math.log(smoothed) - denominator + best * Math.log(1 + count / smoothed);
    };
    query.terms.forEach(function (i, k) {
      score += feature(unit.terms[i], unit.bestTerms[i], background.terms[k]);
    });
    query.pairs.forEach(function (pair, p) {
      score += pairs * feature(unit.pairs[p], unit.bestPairs[p], background.pairs[p]);
    });
    return score;
  }

  /* ---------------------------------------------------------------- ranking */

  // The positions worth marking in a document: for each counted term, where it matched best
  // there (a prefix is marked only where the term matched no whole word).
  function marked(doc, counted, words) {
    var metadata = {};
    Object.keys(doc).forEach(function (field) {
      var best = {};
      doc[field].matches.forEach(function (match) {
        counted.forEach(function (i) { best[i] = Math.max(best[i] || 0, match.qualities[i]); });
      });
      doc[field].matches.forEach(function (match) {
        var wanted = counted.some(function (i) { return best[i] > 0 && match.qualities[i] >= best[i]; });
        if (!wanted) return;
        var token = words[match.word].token;
        var word = metadata[token] || (metadata[token] = {});
        (word[field] || (word[field] = { position: [] })).position.push(match.position);
      });
    });
    return metadata;
  }

  // Each word of the index that matches some counted term, with its quality for each term (an
  // English stop word only a query of function words, asked as it is).
  function matchingWords(index, terms) {
    var qualities = {};
    index.site.words.forEach(function (word, id) {
      var q = terms.map(function (term) {
        return term.function || (word.stop && !term.asIs) ? 0 : quality(index, term, word);
      });
      if (q.some(Boolean)) qualities[id] = q;
    });
    return qualities;
  }

  // Every document's evidence, field by field, and the whole index's share of each feature (the
  // background of the smoothing).
  function gather(site, qualities, terms, asked) {
    var found = {};
    var totals = { terms: asked.terms.map(function () { return 0; }), pairs: asked.pairs.map(function () { return 0; }) };
    Object.keys(site.docs).forEach(function (ref) {
      var doc = site.docs[ref];
      found[ref] = {};
      Object.keys(doc).forEach(function (field) {
        var e = found[ref][field] = evidence(doc[field], qualities, terms, asked.pairs);
        asked.terms.forEach(function (i, k) { totals.terms[k] += e.terms[i]; });
        e.pairs.forEach(function (value, p) { totals.pairs[p] += value; });
      });
    });
    var share = function (count) { return (count + 0.5) / (site.length + 1); };
    return { found: found, background: { terms: totals.terms.map(share), pairs: totals.pairs.map(share) } };
  }

  // Whether a document holds a term (in some field, in some form).
  function holds(doc, i) {
    return Object.keys(doc).some(function (field) { return doc[field].terms[i] > 0; });
  }

  // The ranking of one query: every document that holds a counted term (and, with "+" or "-",
  // does or does not hold a term), with its score, the positions to mark, and the typed terms
  // it holds.
  function rank(index, query) {
    var site = index.site;
    var terms = parseQuery(index, query);
    var asked = features(index, terms);
    if (!asked.terms.length) return [];
    var gathered = gather(site, matchingWords(index, terms), terms, asked);
    var found = gathered.found;
    var result = function (ref) {
      return asked.terms.some(function (i) { return holds(found[ref], i); }) && terms.every(function (term, i) {
        return !term.presence || (term.presence === "+") === holds(found[ref], i);
      });
    };

    // Each page's parts, scored; the page scores as its best part, per feature, plus its prior.
    var scale = asked.terms.length + asked.pairWeight * asked.pairs.length;
    var results = [];
    var scores = {};
    Object.keys(site.pages).forEach(function (page) {
      var refs = site.pages[page].filter(result);
      if (!refs.length) return;
      var own = found[page] || {};
      var about = [{ name: "title", evidence: own.title }, { name: "about", evidence: own.text }];
      var parts = {};
      site.pages[page].forEach(function (ref) {
        var streams = ref === page ? about : about.concat(
          [{ name: "heads", evidence: found[ref].title }, { name: "body", evidence: found[ref].text }]);
        parts[ref] = likelihood(part(streams.filter(function (stream) { return stream.evidence; })),
                                asked, gathered.background);
      });
      var best = Math.max.apply(null, site.pages[page].map(function (ref) { return parts[ref]; }));
      // The prior is shared among the query's counted terms: each word typed is evidence of its
      // own, so a reference page that holds every word of a longer query ("which elements count
      // as rare earths") needs less of a lead on each to come first than on a single word.
      scores[page] = best / scale + PRIOR * Math.log(index.boosts[page] || 1) / asked.terms.length;
      refs.forEach(function (ref) {
        results.push({
          ref: ref, page: page, share: Math.exp((parts[ref] - best) / scale),
          metadata: marked(found[ref], asked.terms, site.words),
          typed: terms.filter(function (term, i) { return holds(found[ref], i); })
            .map(function (term) { return term.exact; })
        });
      });
    });

    // Scores between 0 and 1: the best page 1, a section below its page by how much less it holds.
    var top = Math.max.apply(null, Object.keys(scores).map(function (page) { return scores[page]; }));
    return results.map(function (item) {
      return {
        ref: item.ref,
        score: Math.exp(scores[item.page] - top) * (0.5 + 0.5 * item.share),
        metadata: item.metadata,
        typed: item.typed
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

  // 2. lunr: Material's worker builds the index through lunr.Builder: add() for each document
  // (with its boost), then build(). The ranking needs of it only each document's fields as the
  // tokens at their positions (Material's tokenizer numbers a field's tokens, block by block),
  // each document's boost (the page prior) and whether English stop words are filtered (the
  // English index); not lunr's inverted index, vectors of term weights or set of every token,
  // which are most of what lunr's add() and build() do. So add() runs the builder's tokenizer
  // (Material's, which also keeps the table it highlights from) and indexing pipeline, as
  // lunr's does, and keeps the tokens; build() makes an index that answers search() alone.
  // Its inverted index names the tokens (Material's worker looks up Chinese words in it).
  // What add() keeps, on the builder: each document's fields (position → token) and its boost;
  // whether the index is the English one (lunr's English stop-word filter is in its pipeline),
  // and the pipeline add() runs: the builder's, but for that filter, so that the English index
  // keeps its stop words (marked as such when the index is prepared) and "About", a page's
  // title and a stop word, finds that page.
  function keptBy(builder) {
    if (!builder.kept) {
      var labels = builder.pipeline.toJSON();
      var english = labels.indexOf("stopWordFilter") !== -1;
      builder.kept = {
        fields: {}, boosts: {}, english: english,
        pipeline: english ? lunr.Pipeline.load(labels.filter(function (label) { return label !== "stopWordFilter"; }))
                          : builder.pipeline
      };
    }
    return builder.kept;
  }

  lunr.Builder.prototype.add = function (doc, attributes) {
    var ref = doc[this._ref];
    var found = keptBy(this);
    var fields = found.fields[ref] = {};
    found.boosts[ref] = attributes && attributes.boost > 0 ? attributes.boost : 1;
    Object.keys(this._fields).forEach(function (name) {
      var extractor = this._fields[name].extractor;
      var tokens = found.pipeline.run(this.tokenizer(extractor ? extractor(doc) : doc[name], { fields: [name] }));
      if (!tokens.length) return;
      var at = fields[name] = {};
      tokens.forEach(function (token) { at[token.metadata.position] = token.toString(); });
    }, this);
  };

  lunr.Builder.prototype.build = function () {
    var found = keptBy(this);
    var index = new lunr.Index({
      invertedIndex: {}, fieldVectors: {}, tokenSet: new lunr.TokenSet(),
      fields: Object.keys(this._fields), pipeline: this.searchPipeline
    });
    index.boosts = found.boosts;
    index.english = found.english;
    prepare(index, found.fields);
    index.invertedIndex = index.site.ids;
    return index;
  };

  // lunr's own queries would need what build() no longer makes (Material's worker calls query()
  // only for its search.suggest feature, which mkdocs.yml leaves off: tests/test_search_assets.py).
  lunr.Index.prototype.query = function () {
    throw new Error("search.js: this index answers search() only (Material's search.suggest is not supported)");
  };

  // 3. Material's worker: its factor on each score, and what it counts as a term found. The
  // factor (worker: Search.search) is 1 + b², with b = 1 for a page (not a section) plus the
  // share of query terms a matched index term starts with.
  function queryClauses(query) {
    var parser = new lunr.QueryParser(query, new lunr.Query(["title", "text", "tags"]));
    parser.parse();
    return parser.query.clauses.filter(function (clause) {
      return clause.presence !== lunr.Query.presence.PROHIBITED;
    }).map(function (clause) { return clause.term.replace(/^\*|\*$/g, ""); });
  }

  function materialFactor(ref, clauses, matched) {
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

  // Material counts a query term as found when a matched index term starts with it, so a term
  // typed in another form ("hoà" for the indexed "hòa", "economy" for "economic") would be shown
  // as missing. Name each typed term the document holds in some form among the matched terms
  // (with no positions), as Material parsed it (lower case, as typed).
  function nameTypedTerms(metadata, query, held) {
    query.split(/\s+/).forEach(function (word) {
      var term = MODIFIERS.exec(word)[2].toLowerCase();
      var exact = canonical(term).replace(EDGES, "");
      if (term && held.indexOf(exact) !== -1 && !(term in metadata)) metadata[term] = {};
    });
    return metadata;
  }

  // 4. Material's worker calls the index's search with the query as it rewrote it (every term
  // a prefix); the results carry the ranking's score, divided by the factor Material multiplies
  // back in, and the positions to mark.
  lunr.Index.prototype.search = function (query) {
    var clauses = queryClauses(query);
    return rank(this, query).map(function (result) {
      var metadata = nameTypedTerms(result.metadata, query, result.typed);
      return {
        ref: result.ref,
        score: result.score / materialFactor(result.ref, clauses, Object.keys(metadata)),
        matchData: { metadata: metadata }
      };
    });
  };
})(typeof self !== "undefined" ? self.lunr : this.lunr);
