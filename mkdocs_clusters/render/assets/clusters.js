/* mkdocs-clusters: the interactive comparison picture.
 *
 * Each clusters page holds the static PNG and, after it, <div class="clusters-plot" data-plot="{json}">
 * (written by plot.py). This script draws that data as an SVG with a legend and a tooltip, then hides the
 * PNG; without JavaScript, or if anything here fails, the PNG stays. Names come from someone else's
 * export, so they only ever become text (textContent, setAttribute), never markup; only links to
 * open.spotify.com become links. No framework, no network.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var LINK_PREFIX = "https://open.spotify.com/";
  var RADIUS = 5;

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

  function legend(data) {
    var list = el("ul", { class: "clusters-plot-legend" });
    data.clusters.forEach(function (cluster) {
      var item = el("li", {}, list);
      var icon = el("svg:svg", { viewBox: "0 0 14 14", width: "14", height: "14", "aria-hidden": "true" }, item);
      el("svg:path", { d: markerPath(cluster.marker, 7, 7, RADIUS), fill: cluster.colour }, icon);
      text("span", String(cluster.label), "clusters-plot-label", item);
    });
    return list;
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
    node.clustersPoint = { title: title, artists: artists, cluster: row[2], link: link };
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
      groups[cluster.number] = el("svg:g", { fill: cluster.colour, class: "clusters-plot-cluster" }, svg);
    });
    var points = [];
    data.points.forEach(function (row) {
      if (groups[row[2]]) points.push(point(row, styles[row[2]], groups[row[2]]));
    });
    if (points.length) points[0].setAttribute("tabindex", "0");
    return { svg: svg, points: points };
  }

  function showTip(tip, card, node) {
    var info = node.clustersPoint;
    tip.textContent = "";
    text("strong", info.title, "", tip).setAttribute("dir", "auto");
    if (info.artists) text("span", info.artists, "", tip).setAttribute("dir", "auto");
    text("small", "Cluster #" + info.cluster + (info.link ? " · opens on Spotify" : ""), "", tip);
    tip.hidden = false;
    var at = node.getBoundingClientRect(), frame = card.getBoundingClientRect();
    var left = at.left + at.width / 2 - frame.left - tip.offsetWidth / 2;
    left = Math.max(4, Math.min(left, card.clientWidth - tip.offsetWidth - 4));
    var top = at.top - frame.top - tip.offsetHeight - 8;
    if (top < 0) top = at.bottom - frame.top + 8;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  /* Arrow keys, Home and End move the focus between points: one tab stop for the whole picture. */
  function roving(points, event) {
    var index = points.indexOf(event.target.closest ? event.target.closest(".clusters-plot-point") : null);
    if (index < 0) return;
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    var next = event.key === "Home" ? 0 : event.key === "End" ? points.length - 1 : step ? index + step : -1;
    if (next < 0 || next >= points.length) return;
    event.preventDefault();
    points[index].setAttribute("tabindex", "-1");
    points[next].setAttribute("tabindex", "0");
    points[next].focus();
  }

  function build(container) {
    var data = JSON.parse(container.getAttribute("data-plot"));
    var card = el("div", { class: "clusters-plot-card" });
    var plot = el("div", { class: "clusters-plot-area" }, card);
    /* axis names as lines of text above and below, not SVG text: they stay legible on a phone */
    if (data.axes[1]) text("div", "↑ " + data.axes[1], "clusters-plot-ylabel", plot);
    var drawn = chart(data);
    plot.appendChild(drawn.svg);
    if (data.axes[0]) text("div", data.axes[0] + " →", "clusters-plot-xlabel", plot);
    card.appendChild(legend(data));
    var tip = el("div", { class: "clusters-plot-tip", role: "tooltip" }, card);
    tip.hidden = true;
    function target(event) {
      var node = event.target.closest ? event.target.closest(".clusters-plot-point") : null;
      return node && node.clustersPoint ? node : null;
    }
    function over(event) {
      var node = target(event);
      if (node) showTip(tip, card, node);
    }
    function out(event) {
      if (target(event)) tip.hidden = true;
    }
    drawn.svg.addEventListener("mouseover", over);
    drawn.svg.addEventListener("mouseout", out);
    drawn.svg.addEventListener("focusin", over);
    drawn.svg.addEventListener("focusout", out);
    drawn.svg.addEventListener("keydown", function (event) {
      if (event.key === "Escape") tip.hidden = true;
      else roving(drawn.points, event);
    });
    container.appendChild(card);
    container.setAttribute("data-built", "");
    var before = container.previousElementSibling;
    var fallback = 'img[src$="clusters.png"]';
    if (before && (before.matches(fallback) || before.querySelector(fallback))) before.hidden = true;
  }

  function init() {
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

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  /* Material, also after instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
