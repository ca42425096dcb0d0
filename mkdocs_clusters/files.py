"""The plugin's part of MkDocs' configuration and files: the paths it checks, the stylesheet and scripts
it registers, the site it builds, and the generated files added to the build's without overwriting any."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from mkdocs_clusters.build import Build, BuildCache, Options, build
from mkdocs_clusters.cluster.words import plural
from mkdocs_clusters.config import ClustersConfig
from mkdocs_clusters.parallel import ClusterError
from mkdocs_clusters.read.sources import LibraryError
from mkdocs_clusters.render.rawhtml import RawBlocksExtension
from mkdocs_clusters.render.site import Site
from mkdocs_clusters.serving.refusal import NAV_PLUGINS
from mkdocs_clusters.serving.reuse import Reuse
from mkdocs_clusters.store.folder import site_items

CSS_URI = "assets/mkdocs-clusters/clusters.css"
#: draws the interactive comparison picture from the data on each clusters page (see render/plot.py)
JS_URI = "assets/mkdocs-clusters/clusters.js"
#: sorts the tables by any column and filters the long ones (render/assets/tables.js)
TABLES_JS_URI = "assets/mkdocs-clusters/tables.js"


def build_site(library: Path, options: Options, cache: BuildCache, serving: bool, log: Any) -> Build:
    """The build of the site (`build.build`; a serve build keeps the last site when the library cannot be
    read), its report logged; a library that cannot be read or clustered stops the build in one line."""
    try:
        progress = lambda done, total: log.info(f"clustered {done} of {total} collections")  # noqa: E731
        done = build(library, options, cache, keep_last=serving, progress=progress)
    except (LibraryError, ClusterError) as exc:
        raise PluginError(f"clusters: {exc}") from exc
    for level, line in done.messages():
        getattr(log, level)(line)
    return done


def plugin_paths(
    options: ClustersConfig, config: MkDocsConfig, others: Mapping[str, Path | None]
) -> tuple[Path, Path | None]:
    """The library and the cache folder (None: no cache), both relative to `mkdocs.yml`; a cache is
    refused inside docs_dir and where another instance of the plugin (`others`: each one's cache folder
    by name) keeps its own."""
    base = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    library = (base / options.library).resolve()
    folder = (base / options.cache_dir).resolve() if options.cache else None
    if folder and folder.is_relative_to(Path(config.docs_dir).resolve()):
        raise PluginError(f"clusters: cache_dir {folder} is inside docs_dir; choose a folder outside it")
    shared = [name for name, other in others.items() if folder and other == folder]
    if shared:
        raise PluginError(
            f"clusters: {shared[0]} uses the cache_dir {folder} too; give each instance its own (a cache "
            "remembers one library's last build)"
        )
    return library, folder


def register_assets(config: MkDocsConfig) -> None:
    """The stylesheet, the scripts and the raw HTML blocks, once for all instances."""
    if CSS_URI not in config.extra_css:
        config.extra_css.append(CSS_URI)
    if not any(isinstance(e, RawBlocksExtension) for e in config.markdown_extensions):
        config.markdown_extensions.append(RawBlocksExtension())  # type: ignore[arg-type]  # instances work
    for script_uri in (JS_URI, TABLES_JS_URI):
        if script_uri not in (str(script) for script in config.extra_javascript):  # ExtraScriptValue or str
            config.extra_javascript.append(script_uri)


def add_site(files: Files, config: MkDocsConfig, site: Site, library: Path, reuse: Reuse, log: Any) -> None:
    """Every generated page and picture into `files`. Generated pages stay out of MkDocs' automatic nav
    (`navigation.py` adds a scalable section instead); nav plugins only see pages that may be in the nav,
    so with one of them they stay visible. A file that would overwrite another is refused."""
    nav_plugin = any(name in config.plugins for name in NAV_PLUGINS)
    inclusion = InclusionLevel.UNDEFINED if nav_plugin else InclusionLevel.NOT_IN_NAV
    _leave_out_library(files, library, log)
    # compare where files land: docs/library.md and a generated library/index.md collide
    taken = {f.dest_uri: f for f in files}
    new = []
    for uri, data in site_items(site):
        if reuse.active and uri not in site.pages:  # a picture or download: linked when unchanged
            file = reuse.staged_file(config, uri, data, inclusion)
        else:
            file = File.generated(config, uri, content=data, inclusion=inclusion)
        there = taken.get(file.dest_uri)
        if there is not None and there.generated_by and there.content_bytes == file.content_bytes:
            continue  # the stylesheet and scripts another instance of this plugin added already
        if there is not None:
            where = f"generated by {there.generated_by}" if there.generated_by else "in docs_dir"
            raise PluginError(
                f"clusters: {there.src_uri} {where} would be overwritten by the generated {file.src_uri}; "
                "set the plugin's `root:` to a free folder"
            )
        new.append(file)
    for file in new:
        files.append(file)


def _leave_out_library(files: Files, library: Path, log: Any) -> None:
    """A library kept inside docs_dir is read, never published: exports hold who added each track and
    the Liked Songs list, which a user puts beside the pages for convenience, not to share."""
    inside = [f for f in files if f.abs_src_path and Path(f.abs_src_path).resolve().is_relative_to(library)]
    for file in inside:
        files.remove(file)
    if inside:
        log.info(
            f"the library {library} is inside docs_dir: read, but left out of the site ({plural(len(inside), 'file')})"
        )
