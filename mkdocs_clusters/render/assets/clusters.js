/* mkdocs-clusters: the interactive comparison picture.
 *
 * Each clusters page (and the start page, for its map of the library) holds the static PNG and, after
 * it, <div class="clusters-plot" data-plot="{json}"> (written by plot.py). This script draws that data as an SVG with a legend and a tooltip, then hides the
 * PNG; without JavaScript, or if anything here fails, the PNG stays. Names come from someone else's
 * export, so they only ever become text (textContent, setAttribute), never markup; only links to
 * open.spotify.com become links. No framework, no network.
 *
 * The legend's entries are buttons: one shows only its cluster (the others dimmed), pressed again all are
 * shown. A mouse click or Enter on a point opens the track; a tap (touch or pen) shows the tooltip and
 * pins it, with a link that opens the track, so that a finger can read before it leaves the page. The
 * card follows the page's light or dark scheme (data-scheme; the stylesheet holds the colours).
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var LINK_PREFIX = "https://open.spotify.com/";
  var RADIUS = 5;
  /* a tap finds the nearest point this many CSS pixels from it, or none */
  var TAP_REACH = 16;
  /* on a touch screen markers grow to this many CSS pixels across at least (the square, the narrowest
     marker, is 1.7 radii wide); the stylesheet applies the factor under (pointer: coarse) */
  var FINGER_MARKER = 10.5;
  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  /* the one pinned tooltip of the page, which a tap elsewhere or Escape closes */
  var pinned = null;
  var PREFERS_DARK = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  /* Marker outlines as unit polygons, matching matplotlib's markers in pictures.MARKERS. */
  var SHAPES = {
    s: [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]],
    "^": [[0, -1.15], [1.05, 0.75], [-1.05, 0.75]],
    v: [[0, 1.15], [1.05, -0.75], [-1.05, -0.75]],
    D: [[0, -1.1], [1.1, 0], [0, 1.1], [-1.1, 0]],
    P: cross(0.38, 1.05, false),
    X: cross(0.38, 1.05, true),
    "*": star(1.25, 0.5)
  };

  function cross(half, reach, turned) {
    var a = half, b = reach;
    var pts = [[-a, -b], [a, -b], [a, -a], [b, -a], [b, a], [a, a], [a, b], [-a, b], [-a, a], [-b, a], [-b, -a], [-a, -a]];
    if (!turned) return pts;
    var c = Math.SQRT1_2;
    return pts.map(function (p) { return [c * (p[0] - p[1]), c * (p[0] + p[1])]; });
  }

  function star(outer, inner) {
    var pts = [];
    for (var i = 0; i < 10; i++) {
      var r = i % 2 ? inner : outer;
      var angle = -Math.PI / 2 + (i * Math.PI) / 5;
      pts.push([r * Math.cos(angle), r * Math.sin(angle)]);
    }
    return pts;
  }

  /* The path of a marker of `kind` centred on (x, y); a circle for "o" and anything unknown. */
  function markerPath(kind, x, y, r) {
    var shape = SHAPES[kind];
    if (!shape) {
      return "M" + (x - r) + "," + y + "a" + r + "," + r + " 0 1,0 " + 2 * r + ",0a" + r + "," + r + " 0 1,0 " + -2 * r + ",0Z";
    }
    return "M" + shape.map(function (p) {
      return (x + p[0] * r).toFixed(2) + "," + (y + p[1] * r).toFixed(2);
    }).join("L") + "Z";
  }

  function el(tag, attrs, parent) {
    var node = tag.indexOf("svg:") === 0 ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(tag, value, className, parent) {
    var node = el(tag, className ? { class: className } : {}, parent);
    node.textContent = value;
    return node;
  }

  function safeLink(link) {
    return typeof link === "string" && link.indexOf(LINK_PREFIX) === 0 ? link : "";
  }

  /* A cluster's colour: the light scheme's as the SVG fill, the dark scheme's and the light scheme's
     outline (darker for a pale colour, pictures.light_edge) for the stylesheet. */
  function colour(node, cluster) {
    var light = COLOUR.test(cluster.colour) ? cluster.colour : "#888888";
    node.setAttribute("fill", light);
    node.classList.add("clusters-plot-colour");
    node.style.setProperty("--clusters-dark-fill", COLOUR.test(cluster.dark) ? cluster.dark : light);
    if (COLOUR.test(cluster.edge)) node.style.setProperty("--clusters-light-edge", cluster.edge);
  }

  function legend(data) {
    var list = el("ul", {
      class: "clusters-plot-legend",
      "aria-label": "Clusters: press one to show only its tracks"
    });
    var buttons = [];
    data.clusters.forEach(function (cluster) {
      var item = el("li", {}, list);
      var button = el("button", {
        type: "button",
        "aria-pressed": "false",
        title: "Show only cluster " + cluster.number
      }, item);
      var icon = el("svg:svg", { viewBox: "0 0 14 14", width: "14", height: "14", "aria-hidden": "true" }, button);
      var swatch = el("svg:path", { d: markerPath(cluster.marker, 7, 7, RADIUS), class: "clusters-plot-swatch" }, icon);
      colour(swatch, cluster);
      text("span", String(cluster.label), "clusters-plot-label", button);
      button.clustersNumber = cluster.number;
      buttons.push(button);
    });
    return { list: list, buttons: buttons };
  }

  /* One point: a link to the track where it has one, else a focusable shape; both named for readers. */
  function point(row, style, group) {
    var title = String(row[3]), artists = String(row[4]), link = safeLink(row[5]);
    var name = artists ? title + " by " + artists : title;
    var node;
    if (link) {
      node = el("svg:a", { href: link, target: "_blank", rel: "noopener noreferrer", class: "clusters-plot-point" }, group);
      el("svg:path", { d: markerPath(style.marker, row[0], row[1], RADIUS) }, node);
    } else {
      node = el("svg:path", { d: markerPath(style.marker, row[0], row[1], RADIUS), class: "clusters-plot-point", role: "img" }, group);
    }
    node.setAttribute("tabindex", "-1");
    node.setAttribute("aria-label", name);
    node.clustersPoint = { title: title, artists: artists, cluster: row[2], link: link, x: row[0], y: row[1] };
    return node;
  }

  function chart(data) {
    var box = data.box;
    var svg = el("svg:svg", {
      viewBox: "0 0 " + box[0] + " " + box[1],
      class: "clusters-plot-svg",
      role: "group",
      tabindex: "-1",  /* Chromium would make the picture itself a tab stop; the points are */
      "aria-label": "Tracks of each cluster; arrow keys move between them"
    });
    el("svg:rect", { x: "0.5", y: "0.5", width: box[0] - 1, height: box[1] - 1, class: "clusters-plot-frame" }, svg);
    var styles = {};
    var groups = {};
    data.clusters.forEach(function (cluster) {
      styles[cluster.number] = cluster;
      groups[cluster.number] = el("svg:g", { class: "clusters-plot-cluster", "data-cluster": cluster.number }, svg);
      colour(groups[cluster.number], cluster);
    });
    var points = [];
    data.points.forEach(function (row) {
      if (groups[row[2]]) points.push(point(row, styles[row[2]], groups[row[2]]));
    });
    if (points.length) points[0].setAttribute("tabindex", "0");
    return { svg: svg, points: points, groups: groups, order: data.clusters.map(function (c) { return c.number; }) };
  }

  /* The tooltip over `node`; pinned (after a tap), it holds the link that opens the track. */
  function showTip(tip, card, node, pin) {
    var info = node.clustersPoint;
    tip.textContent = "";
    text("strong", info.title, "", tip).setAttribute("dir", "auto");
    if (info.artists) text("span", info.artists, "", tip).setAttribute("dir", "auto");
    if (pin) {
      text("small", "Cluster " + info.cluster + (info.link ? "" : " · a local file, not on Spotify"), "", tip);
      if (info.link) {
        text("a", "Open on Spotify", "", tip);
        var open = tip.lastChild;
        open.setAttribute("href", info.link);
        open.setAttribute("target", "_blank");
        open.setAttribute("rel", "noopener noreferrer");
      }
    } else {
      text("small", "Cluster " + info.cluster + (info.link ? " · opens on Spotify" : ""), "", tip);
    }
    tip.classList.toggle("is-pinned", !!pin);
    tip.hidden = false;
    var at = node.getBoundingClientRect(), frame = card.getBoundingClientRect();
    var left = at.left + at.width / 2 - frame.left - tip.offsetWidth / 2;
    left = Math.max(4, Math.min(left, card.clientWidth - tip.offsetWidth - 4));
    var top = at.top - frame.top - tip.offsetHeight - 8;
    if (top < 0) top = at.bottom - frame.top + 8;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function unpin() {
    if (!pinned) return;
    pinned.tip.hidden = true;
    pinned.tip.classList.remove("is-pinned");
    if (pinned.node) pinned.node.classList.remove("is-picked");
    pinned = null;
  }

  /* The shown point nearest to a tap, within TAP_REACH pixels: markers are small for a finger. */
  function nearest(drawn, event) {
    var box = drawn.svg.getBoundingClientRect();
    var scale = box.width / drawn.width;
    if (!(scale > 0)) return null;
    var x = (event.clientX - box.left) / scale, y = (event.clientY - box.top) / scale;
    var reach = TAP_REACH / scale, best = null, bestDistance = reach * reach;
    drawn.points.forEach(function (node) {
      if (drawn.hidden(node)) return;
      var dx = node.clustersPoint.x - x, dy = node.clustersPoint.y - y, distance = dx * dx + dy * dy;
      if (distance <= bestDistance) {
        best = node;
        bestDistance = distance;
      }
    });
    return best;
  }

  /* Arrow keys, Home and End move the focus between the shown points: one tab stop for the whole picture. */
  function roving(drawn, event) {
    var points = drawn.points.filter(function (node) { return !drawn.hidden(node); });
    var index = points.indexOf(event.target.closest ? event.target.closest(".clusters-plot-point") : null);
    if (index < 0) return;
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    var next = event.key === "Home" ? 0 : event.key === "End" ? points.length - 1 : step ? index + step : -1;
    if (next < 0 || next >= points.length) return;
    event.preventDefault();
    tabStop(drawn, points[next]);
    points[next].focus();
  }

  function tabStop(drawn, node) {
    drawn.points.forEach(function (other) { other.setAttribute("tabindex", other === node ? "0" : "-1"); });
  }

  /* Show only cluster `number` (the others dimmed and out of reach), or every cluster for null. */
  function isolate(drawn, legendButtons, number) {
    drawn.isolated = number;
    drawn.order.forEach(function (n) {
      var group = drawn.groups[n], dim = number !== null && n !== number;
      group.classList.toggle("is-dimmed", dim);
      if (dim) group.setAttribute("aria-hidden", "true");
      else group.removeAttribute("aria-hidden");
      drawn.svg.appendChild(group);  /* drawing order: the shown cluster last, on top */
    });
    if (number !== null) drawn.svg.appendChild(drawn.groups[number]);
    legendButtons.forEach(function (button) {
      var pressed = button.clustersNumber === number;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.setAttribute("title", pressed ? "Show every cluster" : "Show only cluster " + button.clustersNumber);
    });
    legendButtons[0].parentNode.parentNode.classList.toggle("is-isolating", number !== null);
    var stop = drawn.points.filter(function (node) { return node.getAttribute("tabindex") === "0"; })[0];
    if (!stop || drawn.hidden(stop)) {
      var first = drawn.points.filter(function (node) { return !drawn.hidden(node); })[0];
      if (first) tabStop(drawn, first);
    }
  }

  /* How light (0 to 1) the first opaque background at or above `node` is; -1 when there is none. */
  function ground(node) {
    for (; node && node.nodeType === 1; node = node.parentNode) {
      var colour = getComputedStyle(node).backgroundColor;
      var rgb = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/.exec(colour);
      if (rgb && (rgb[4] === undefined || Number(rgb[4]) > 0.5)) {
        return (0.2126 * rgb[1] + 0.7152 * rgb[2] + 0.0722 * rgb[3]) / 255;
      }
    }
    return -1;
  }

  /* The page's scheme: a theme's own word for it (Material's, the mkdocs theme's), else how dark the ground
     under the card is, else the system's preference where the page lets the browser follow it. */
  function scheme(card) {
    var material = document.body ? document.body.getAttribute("data-md-color-scheme") : null;
    if (material === "slate" || material === "default") return material === "slate" ? "dark" : "light";
    var bootstrap = document.documentElement.getAttribute("data-bs-theme");
    if (bootstrap === "dark" || bootstrap === "light") return bootstrap;
    var light = ground(card.parentNode);
    if (light >= 0) return light < 0.5 ? "dark" : "light";
    var follows = /dark/.test(getComputedStyle(document.documentElement).colorScheme || "");
    return follows && PREFERS_DARK && PREFERS_DARK.matches ? "dark" : "light";
  }

  function followScheme() {
    var cards = document.querySelectorAll(".clusters-plot-card");
    for (var i = 0; i < cards.length; i++) cards[i].setAttribute("data-scheme", scheme(cards[i]));
  }

  /* a theme switches its scheme on <html> or <body> (maybe fading its background), or with the system */
  var watching = false;
  function watchScheme() {
    if (watching || !document.body) return;
    watching = true;
    var later = null;
    function changed() {
      followScheme();
      clearTimeout(later);
      later = setTimeout(followScheme, 400);
    }
    if (window.MutationObserver) {
      var observer = new MutationObserver(changed);
      observer.observe(document.documentElement, { attributes: true });
      observer.observe(document.body, { attributes: true });
    }
    if (PREFERS_DARK && PREFERS_DARK.addEventListener) PREFERS_DARK.addEventListener("change", changed);
  }

  function build(container) {
    var data = JSON.parse(container.getAttribute("data-plot"));
    var card = el("div", { class: "clusters-plot-card" });
    var plot = el("div", { class: "clusters-plot-area" }, card);
    /* axis names as lines of text above and below, not SVG text: they stay legible on a phone */
    if (data.axes[1]) text("div", "↑ " + data.axes[1], "clusters-plot-ylabel", plot);
    var drawn = chart(data);
    drawn.width = data.box[0];
    drawn.isolated = null;
    drawn.hidden = function (node) { return drawn.isolated !== null && node.clustersPoint.cluster !== drawn.isolated; };
    plot.appendChild(drawn.svg);
    if (window.ResizeObserver) {
      new ResizeObserver(function (entries) {
        var scale = entries[0].contentRect.width / drawn.width;
        if (!(scale > 0)) return;
        var grow = Math.max(1, FINGER_MARKER / (1.7 * RADIUS * scale));
        drawn.svg.style.setProperty("--clusters-marker-scale", grow.toFixed(2));
      }).observe(drawn.svg);
    }
    if (data.axes[0]) text("div", data.axes[0] + " →", "clusters-plot-xlabel", plot);
    var key = legend(data);
    card.appendChild(key.list);
    var tip = el("div", { class: "clusters-plot-tip", role: "tooltip" }, card);
    tip.hidden = true;
    var lastPointer = "";
    function target(event) {
      var node = event.target.closest ? event.target.closest(".clusters-plot-point") : null;
      return node && node.clustersPoint && !drawn.hidden(node) ? node : null;
    }
    function isPinned() {
      return pinned !== null && pinned.tip === tip;
    }
    function over(event) {
      var node = target(event);
      if (node && !isPinned()) showTip(tip, card, node, false);
    }
    function out(event) {
      if (target(event) && !isPinned()) tip.hidden = true;
    }
    drawn.svg.addEventListener("mouseover", over);
    drawn.svg.addEventListener("mouseout", out);
    drawn.svg.addEventListener("focusin", over);
    drawn.svg.addEventListener("focusout", out);
    drawn.svg.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType || ""; });
    drawn.svg.addEventListener("keydown", function (event) {
      lastPointer = "";
      if (event.key === "Escape") {
        unpin();
        tip.hidden = true;
      } else {
        roving(drawn, event);
      }
    });
    /* a tap pins the tooltip of the nearest point instead of following the point's link */
    drawn.svg.addEventListener("click", function (event) {
      var kind = typeof event.pointerType === "string" && event.pointerType ? event.pointerType : lastPointer;
      if (kind !== "touch" && kind !== "pen") return;
      event.preventDefault();
      var node = nearest(drawn, event);
      unpin();
      if (!node) {
        tip.hidden = true;
        return;
      }
      showTip(tip, card, node, true);
      node.classList.add("is-picked");
      pinned = { tip: tip, node: node };
    });
    key.buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        isolate(drawn, key.buttons, drawn.isolated === button.clustersNumber ? null : button.clustersNumber);
        if (isPinned() && drawn.hidden(pinned.node)) unpin();
        if (!isPinned()) tip.hidden = true;
      });
    });
    container.appendChild(card);
    card.setAttribute("data-scheme", scheme(card));
    container.setAttribute("data-built", "");
    var before = container.previousElementSibling;
    var fallback = 'img[src$="clusters.png"], img[src$="library-map.png"]';  /* a clusters page's, the start page's */
    if (before && (before.matches(fallback) || before.querySelector(fallback))) before.hidden = true;
  }

  function init() {
    if (pinned && !document.documentElement.contains(pinned.tip)) pinned = null;  /* a page left behind */
    watchScheme();
    var found = document.querySelectorAll(".clusters-plot[data-plot]:not([data-built])");
    for (var i = 0; i < found.length; i++) {
      try {
        build(found[i]);
      } catch (error) {
        found[i].textContent = "";  /* the static picture stays */
        if (window.console) console.error("mkdocs-clusters: interactive picture not drawn:", error);
      }
    }
  }

  /* a pinned tooltip closes on a tap or click anywhere but on it or on the picture, and on Escape */
  document.addEventListener("pointerdown", function (event) {
    if (!pinned || !event.target.closest) return;
    if (event.target.closest(".clusters-plot-tip") || event.target.closest(".clusters-plot-svg")) return;
    unpin();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") unpin();
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  /* Material, also after instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
