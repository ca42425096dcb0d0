/* mkdocs-clusters: sorting and filtering of the plugin's tables, as an enhancement of complete HTML.
 *
 * Every table inside <div class="clusters-table"> (track tables and the index of each kind, written by
 * render/pages.py) gets a button in each header cell that sorts its rows: ascending, descending, then the
 * original order again (descending first on a column of counts, marked data-clusters-first="descending"),
 * with aria-sort on the header cell. Index tables, and track tables of more than one
 * body of rows (pages.ROW_CHUNK, 50), get a text filter before them with a live count of the rows shown
 * (not the short lists marked clusters-compact, such as the start page's top tens).
 * Without JavaScript, or if anything here fails, the tables stay as written. Only text is read from the
 * cells (textContent, an image's alt); nothing becomes markup. No framework, no network.
 *
 * Track tables hold their rows in several <tbody> of 50 that the browser lays out only near the screen
 * (content-visibility in clusters.css): sorting and filtering keep that, by dealing the rows shown into
 * the bodies 50 at a time in their new order; the bodies left without a shown row are hidden, and the
 * last one shown is always laid out (class clusters-tail), as the table's last body is. Each table is
 * sorted on its own: a cluster's fold "N more tracks" is a table of its own.
 *
 * In a big collection a fold holds its first rows and names a page of the rest (data-clusters-rows, a
 * plain page beside this one; see pages.PAGE_ROWS): when the fold opens, that page's rows are fetched
 * and added to the fold's table, which only then becomes sortable; its link stays if the fetch fails.
 *
 * A link to a track's row (page#t-<track>, where the site's search sends a track's name; see
 * render/search.py) opens the row's fold, scrolls to the row and marks it (class clusters-found); a row
 * in a page not loaded yet is looked for there first.
 * With `player: spotify`, a click on a row's play link (data-clusters-play) loads Spotify's embedded
 * player for that one track in a box at the foot of the window; nothing comes from Spotify before it.
 */
(function () {
  "use strict";

  var DONE = "data-clusters-sort";
  /* cells that say "none": sorted after every value, whichever the direction */
  var NONE = /^[\u2014\u2013-]?$/;
  var GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
  var PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
  var DURATION = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/;
  var MARKS = markPattern();
  var STATES = ["none", "ascending", "descending"];
  var MOST_FIRST = ["none", "descending", "ascending"];
  var collator = window.Intl && Intl.Collator ? new Intl.Collator(undefined, { numeric: true, sensitivity: "base" }) : null;
  var counted = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat("en") : null;
  var serial = 0;

  function markPattern() {
    try {
      return new RegExp("\\p{M}", "gu");
    } catch (error) {
      return /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a\ufe20-\ufe2f]/g;
    }
  }

  function compareText(a, b) {
    return collator ? collator.compare(a, b) : a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function count(n) {
    return counted ? counted.format(n) : String(n);
  }

  /* Text for the filter: lower case, accents and other combining marks removed, spaces as one. */
  function folded(text) {
    var lower = String(text).toLowerCase();
    if (lower.normalize) lower = lower.normalize("NFD").replace(MARKS, "");
    return lower.replace(/\s+/g, " ").trim();
  }

  /* A cell's number: "1,234", "12", "0.5", "3:45" (as seconds), "1:02:03"; null for anything else. */
  function numberOf(text) {
    var t = text.replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
    if (GROUPED.test(t) || PLAIN.test(t)) return parseFloat(t.replace(/,/g, ""));
    var time = DURATION.exec(t);
    if (!time) return null;
    return time[3] === undefined ? Number(time[1]) * 60 + Number(time[2])
      : Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]);
  }

  /* What a cell is sorted by: its text, else the text of its picture (the cover's alt: the album). */
  function cellText(cell) {
    if (!cell) return "";
    var value = cell.textContent.replace(/\s+/g, " ").trim();
    if (value) return value;
    var picture = cell.querySelector("img[alt]");
    return picture ? picture.getAttribute("alt").trim() : "";
  }

  function Sortable(table) {
    this.table = table;
    this.bodies = Array.prototype.slice.call(table.tBodies);
    /* rows per body; 0 for a table of one body, which holds all its rows */
    this.chunk = this.bodies.length > 1 ? Math.max(1, this.bodies[0].rows.length) : 0;
    var rows = [];
    this.bodies.forEach(function (body) {
      Array.prototype.push.apply(rows, Array.prototype.slice.call(body.rows));
    });
    this.records = rows.map(function (row, index) {
      return { row: row, index: index, text: null, keys: {} };
    });
    this.order = this.records.slice();
    this.kinds = {};
    this.query = "";
    this.column = -1;
    this.state = 0;
    this.headers = [];
    this.counter = null;
  }

  /* The sort keys of a column, read once: numbers where every value of the column is one, else text. */
  Sortable.prototype.columnKeys = function (column) {
    if (this.kinds[column]) return this.kinds[column];
    var texts = this.records.map(function (record) { return cellText(record.row.cells[column]); });
    var numbers = texts.map(function (text) { return NONE.test(text) ? null : numberOf(text); });
    var numeric = texts.some(function (text) { return !NONE.test(text); }) &&
      texts.every(function (text, i) { return NONE.test(text) || numbers[i] !== null; });
    this.records.forEach(function (record, i) {
      record.keys[column] = NONE.test(texts[i]) ? null : numeric ? numbers[i] : texts[i];
    });
    this.kinds[column] = numeric ? "number" : "text";
    return this.kinds[column];
  };

  Sortable.prototype.sort = function (column) {
    this.state = column === this.column ? (this.state + 1) % STATES.length : 1;
    this.column = this.state ? column : -1;
    var self = this;
    var states = this.headers[column].getAttribute("data-clusters-first") === "descending" ? MOST_FIRST : STATES;
    this.headers.forEach(function (th, i) {
      th.setAttribute("aria-sort", i === column ? states[self.state] : "none");
    });
    if (!this.state) {
      this.order = this.records.slice();
    } else {
      var numeric = this.columnKeys(column) === "number";
      var direction = states[this.state] === "ascending" ? 1 : -1;
      this.order = this.records.slice().sort(function (a, b) {
        var x = a.keys[column], y = b.keys[column];
        if (x === null || y === null) {
          if (x !== y) return x === null ? 1 : -1;  /* no value: last, both ways */
          return a.index - b.index;
        }
        var by = numeric ? x - y : compareText(x, y);
        return by ? by * direction : a.index - b.index;
      });
    }
    this.layout();
  };

  Sortable.prototype.matches = function (record) {
    if (!this.query) return true;
    if (record.text === null) {
      var cells = Array.prototype.map.call(record.row.cells, function (cell) { return cell.textContent; });
      record.text = folded(cells.join("\n"));
    }
    return record.text.indexOf(this.query) >= 0;
  };

  /* Puts the rows in the bodies in their order, the shown ones `chunk` to a body, the others hidden. */
  Sortable.prototype.layout = function () {
    var shown = [], hidden = [], self = this;
    this.order.forEach(function (record) { (self.matches(record) ? shown : hidden).push(record); });
    var bodies = this.bodies, last = bodies.length - 1;
    var size = this.chunk || shown.length;
    var tail = size ? Math.min(last, Math.max(0, Math.ceil(shown.length / size) - 1)) : 0;
    bodies.forEach(function (body, b) {
      var part = !self.chunk ? (b === 0 ? shown : []) : shown.slice(b * size, b === last ? shown.length : (b + 1) * size);
      var fragment = document.createDocumentFragment();
      part.forEach(function (record) {
        record.row.hidden = false;
        fragment.appendChild(record.row);
      });
      if (b === last) {
        hidden.forEach(function (record) {
          record.row.hidden = true;
          fragment.appendChild(record.row);
        });
      }
      body.appendChild(fragment);
      body.hidden = part.length === 0;
      if (self.chunk) body.classList.toggle("clusters-tail", b === tail && part.length > 0 && b !== last);
    });
    if (this.counter) this.counter.textContent = count(shown.length) + " of " + count(this.records.length);
  };

  /* Each header cell's content moves into a button that sorts by its column. */
  Sortable.prototype.buttons = function () {
    var row = this.table.tHead && this.table.tHead.rows[0];
    if (!row) return;
    var self = this;
    Array.prototype.forEach.call(row.cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "clusters-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      var icon = document.createElement("span");
      icon.className = "clusters-sort-icon";
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { self.sort(column); });
      self.headers.push(th);
    });
  };

  /* A search field with a visible label before the table's box, and the count of rows shown. */
  Sortable.prototype.filter = function () {
    var box = this.table.closest(".clusters-table") || this.table;
    var id = "clusters-filter-" + (++serial);
    var bar = document.createElement("div");
    bar.className = "clusters-filter";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = "Filter";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("autocapitalize", "off");
    var counter = document.createElement("span");
    counter.className = "clusters-filter-count";
    counter.setAttribute("aria-live", "polite");
    counter.setAttribute("role", "status");
    counter.textContent = count(this.records.length) + " of " + count(this.records.length);
    input.setAttribute("aria-describedby", id + "-count");
    counter.id = id + "-count";
    bar.appendChild(label);
    bar.appendChild(input);
    bar.appendChild(counter);
    box.parentNode.insertBefore(bar, box);
    this.counter = counter;
    var self = this;
    function changed() {
      var query = folded(input.value);
      if (query === self.query) return;
      self.query = query;
      self.layout();
    }
    input.addEventListener("input", changed);
    input.addEventListener("search", changed);
  };

  var ROWS = "data-clusters-rows";

  /* The fold's further rows, from the page it names, added to its table (once; a promise of it). */
  function loadRows(fold) {
    if (fold.clustersLoading) return fold.clustersLoading;
    var table = fold.querySelector(".clusters-table table");
    fold.clustersLoading = window.fetch(new URL(fold.getAttribute(ROWS), window.location.href).href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.url);
        return response.text();
      })
      .then(function (text) {
        var page = new DOMParser().parseFromString(text, "text/html");
        var bodies = page.querySelectorAll(".clusters-table table > tbody");
        for (var i = 0; i < bodies.length; i++) table.appendChild(document.importNode(bodies[i], true));
        var rest = fold.querySelector(".clusters-rest");
        if (rest) rest.parentNode.removeChild(rest);
        fold.removeAttribute(ROWS);
        enhance(table);
      })
      .catch(function (error) {
        fold.clustersLoading = null;  /* its link stays; opening the fold again tries again */
        if (window.console) console.error("mkdocs-clusters: rows not loaded:", error);
      });
    return fold.clustersLoading;
  }

  function deferred(fold) {
    if (fold.clustersDeferred || !window.fetch || !window.DOMParser) return;  /* else the link serves */
    fold.clustersDeferred = true;
    fold.addEventListener("toggle", function () { if (fold.open && fold.hasAttribute(ROWS)) loadRows(fold); });
  }

  function enhance(table) {
    table.setAttribute(DONE, "");
    var sortable = new Sortable(table);
    var box = table.closest(".clusters-table");
    var tracks = box && box.classList.contains("clusters-tracks");
    var compact = box && box.classList.contains("clusters-compact"); // a short list (the start page's tops)
    sortable.buttons();
    if (!compact && sortable.records.length && (!tracks || sortable.bodies.length > 1 || sortable.records.length > 50)) {
      sortable.filter();
    }
  }

  /* The row the address points to (a search result), shown: its fold opened, scrolled to, marked. */
  function showTarget() {
    var id = "";
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;
    }
    if (id.indexOf("t-") !== 0) return;
    var row = document.getElementById(id);
    if (!row) {
      var folds = document.querySelectorAll("details[" + ROWS + "]");
      if (!folds.length || !window.Promise || !window.fetch) return;
      Promise.all(Array.prototype.map.call(folds, loadRows)).then(function () {
        if (document.getElementById(id)) showTarget();
      });
      return;
    }
    if (row.tagName !== "TR") return;
    var found = document.querySelectorAll("tr.clusters-found");
    for (var i = 0; i < found.length; i++) found[i].classList.remove("clusters-found");
    var fold = row.closest("details");
    if (fold) fold.open = true;
    row.classList.add("clusters-found");
    /* again once the bodies of rows around it are laid out (their height was an estimate: see the top),
       and once the page has loaded, for a browser that scrolls to the address's row itself */
    function reveal() { row.scrollIntoView({ block: "center" }); }
    reveal();
    window.requestAnimationFrame(function () { window.requestAnimationFrame(reveal); });
    if (document.readyState !== "complete") window.addEventListener("load", reveal, { once: true });
  }

  /* The player box at the foot of the window, made on the first click of a play link. */
  function playerBox() {
    var box = document.getElementById("clusters-player");
    if (box) return box;
    box = document.createElement("div");
    box.id = "clusters-player";
    box.className = "clusters-player";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Player");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "clusters-player-close";
    close.setAttribute("aria-label", "Close the player");
    close.textContent = "\u2715";
    close.addEventListener("click", function () { box.parentNode.removeChild(box); });
    var frame = document.createElement("iframe");
    frame.setAttribute("allow", "autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("height", "80");
    box.appendChild(close);
    box.appendChild(frame);
    document.body.appendChild(box);
    return box;
  }

  function play(event) {
    var link = event.target && event.target.closest ? event.target.closest("a[data-clusters-play]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var frame = playerBox().querySelector("iframe");
    frame.title = link.getAttribute("aria-label") || "Spotify player";
    frame.src = link.href;
  }

  function init() {
    var folds = document.querySelectorAll("details[" + ROWS + "]");
    for (var f = 0; f < folds.length; f++) deferred(folds[f]);
    var tables = document.querySelectorAll(".clusters-table table:not([" + DONE + "])");
    for (var i = 0; i < tables.length; i++) {
      if (tables[i].closest("details[" + ROWS + "]")) continue;  /* sortable once its rows are all there */
      try {
        enhance(tables[i]);
      } catch (error) {
        if (window.console) console.error("mkdocs-clusters: table not made sortable:", error);
      }
    }
    showTarget();
  }

  document.addEventListener("click", play);
  window.addEventListener("hashchange", showTarget);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  /* Material, also after instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
