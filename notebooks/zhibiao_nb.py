"""The notebooks' one way into the lake: starts the jobs jar's JVM in this Python process (JPype), opens a local
Spark session with Delta the way every zhibiao command does (io.zhibiao.lake.Sessions), registers the
lake's tables by name (LakeCatalog: bronze.*, silver.*, gold.*, published.*, audit.*, quarantine.*) and hands
small query results over as pandas DataFrames.

    import zhibiao_nb as nb
    lake = nb.open_lake()
    lake.sql("SELECT * FROM published.releases")

Environment:
    ZHIBIAO_LAKE        the lake directory (default: ./lake of the repository, what `./zhibiao run` creates)
    ZHIBIAO_CLASSPATH   the JVM's class path, entries separated by ':' (default: jobs/target/zhibiao.jar, whose
                        manifest names jobs/target/lib/*; NotebooksTest passes its own test class path)
    ZHIBIAO_JAVA_OPTS   JVM options (default -Xmx2g), as for the ./zhibiao launcher
    JAVA_HOME           the Java 17 to start (default: the `java` on PATH)

Everything here runs on Debian's /usr/bin/python3 with Debian's python3-jpype, python3-pandas and
python3-matplotlib (scripts/install-jupyter.sh); nothing comes from PyPI.
"""

import json
import os
import pathlib
import shlex
import shutil
from decimal import Decimal

import jpype
import pandas as pd

NOTEBOOKS = pathlib.Path(__file__).resolve().parent
REPO = NOTEBOOKS.parent

# Spark on Java 17: the --add-opens list of spark-launcher's JavaModuleOptions, as in the parent pom's
# spark.java.opens and the jar manifest's Add-Opens (which only `java -jar` honours).
SPARK_JAVA_OPENS = [
    "-XX:+IgnoreUnrecognizedVMOptions",
    *("--add-opens=" + p + "=ALL-UNNAMED" for p in [
        "java.base/java.lang", "java.base/java.lang.invoke", "java.base/java.lang.reflect", "java.base/java.io",
        "java.base/java.net", "java.base/java.nio", "java.base/java.util", "java.base/java.util.concurrent",
        "java.base/java.util.concurrent.atomic", "java.base/jdk.internal.ref", "java.base/sun.nio.ch",
        "java.base/sun.nio.cs", "java.base/sun.security.action", "java.base/sun.util.calendar",
        "java.security.jgss/sun.security.krb5"]),
    "-Djdk.reflect.useDirectMethodHandle=false",
]

# Chinese labels in charts: Debian's fonts-wqy-microhei (installed with the notebooks' packages).
CJK_FONTS = ["WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans CJK JP"]


def lake_dir():
    """The lake the notebooks read: $ZHIBIAO_LAKE, or the repository's ./lake."""
    return pathlib.Path(os.environ.get("ZHIBIAO_LAKE") or REPO / "lake").resolve()


def classpath():
    """$ZHIBIAO_CLASSPATH, or the jobs jar (its manifest brings jobs/target/lib/*)."""
    given = os.environ.get("ZHIBIAO_CLASSPATH")
    if given:
        return [p for p in given.split(os.pathsep) if p]
    jar = REPO / "jobs" / "target" / "zhibiao.jar"
    if not jar.is_file():
        raise FileNotFoundError(f"{jar} is missing: build it with `mvn -DskipTests package` (or run ./zhibiao once)")
    return [str(jar)]


def jpype_jar():
    """JPype's own Java half. Debian ships it as /usr/share/java/org.jpype.jar, not beside the module where JPype
    looks first, so it has to be on the class path or startJVM fails with ClassNotFoundException
    org.jpype.classloader.DynamicClassLoader."""
    for jar in [pathlib.Path(jpype.__file__).parent.parent / "org.jpype.jar", pathlib.Path("/usr/share/java/org.jpype.jar")]:
        if jar.is_file():
            return [str(jar)]
    return []


def jvm_path():
    """libjvm.so of $JAVA_HOME, else of the `java` on PATH, else JPype's guess."""
    homes = [os.environ.get("JAVA_HOME")]
    java = shutil.which("java")
    if java:
        homes.append(str(pathlib.Path(java).resolve().parent.parent))
    for home in filter(None, homes):
        lib = pathlib.Path(home) / "lib" / "server" / "libjvm.so"
        if lib.is_file():
            return str(lib)
    return jpype.getDefaultJVMPath()


def start_jvm():
    """Starts the JVM once per kernel (a JVM cannot be restarted in the same process: restart the kernel)."""
    if jpype.isJVMStarted():
        return
    options = shlex.split(os.environ.get("ZHIBIAO_JAVA_OPTS") or "-Xmx2g")
    # Spark, Hadoop and Delta stay quiet unless something fails; the notebooks show tables, not logs.
    options.append("-Dlog4j2.configurationFile=" + (NOTEBOOKS / "log4j2.properties").as_uri())
    options.append("-Dfile.encoding=UTF-8")
    jpype.startJVM(jvm_path(), *SPARK_JAVA_OPENS, *options, classpath=classpath() + jpype_jar(), convertStrings=False)


class Lake:
    """A Spark session over one lake, with its tables registered by name."""

    def __init__(self, spark, root, tables):
        self.spark = spark
        self.root = root
        self.tables = tables

    def sql(self, query, exact=False):
        """Runs Spark SQL and returns the (small) result as a pandas DataFrame. exact=True keeps decimals as
        decimal.Decimal (for comparisons to the last digit); otherwise they become floats (for charts)."""
        df = self.spark.sql(query)
        return to_pandas(df, exact)

    def view(self, name, query):
        """Names a query as a temporary view of this session (CREATE OR REPLACE TEMP VIEW)."""
        self.spark.sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {query}")

    def count(self, table):
        return int(self.spark.table(table).count())

    def columns(self, table):
        """Column, type and comment (the Chinese label) of a table, as DESCRIBE TABLE gives them."""
        d = self.sql("DESCRIBE TABLE " + table)
        d = d[~d["col_name"].str.startswith("#") & (d["col_name"] != "")]
        return d.rename(columns={"col_name": "column", "data_type": "type", "comment": "comment"}).reset_index(drop=True)

    def stop(self):
        self.spark.stop()


def shown_path(path):
    """A path as the notebooks print it: relative to the repository when inside it (outputs stay the same on
    every machine), else as it is."""
    path = pathlib.Path(path).resolve()
    try:
        return "./" + str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def to_pandas(df, exact=False):
    """A Spark Dataset to pandas through JSON rows (no Arrow or PySpark needed); columns keep Spark's order."""
    names = [str(c) for c in df.columns()]
    rows = [json.loads(str(s), parse_float=Decimal if exact else float) for s in df.toJSON().collectAsList()]
    return pd.DataFrame.from_records(rows, columns=names)


def open_lake(path=None, master="local[2]"):
    """Starts the JVM and Spark, registers the lake's tables; returns a Lake."""
    root = pathlib.Path(path).resolve() if path else lake_dir()
    if not (root / "published").is_dir():
        raise FileNotFoundError(f"no published tables under {root}: run `./zhibiao run` first, or set ZHIBIAO_LAKE")
    start_jvm()
    Sessions = jpype.JClass("io.zhibiao.lake.Sessions")
    JLake = jpype.JClass("io.zhibiao.lake.Lake")
    LakeCatalog = jpype.JClass("io.zhibiao.lake.LakeCatalog")
    spark = Sessions.create("zhibiao notebook", master, 2)
    lake = JLake.at(str(root))
    tables = sorted(str(t) for t in LakeCatalog.register(spark, lake))
    return Lake(spark, root, tables)


def charts():
    """matplotlib with a CJK font, a modest resolution and no stray timestamps, for small, stable images."""
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    have = {f.name for f in font_manager.fontManager.ttflist}
    chosen = [f for f in CJK_FONTS if f in have]
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": chosen + ["DejaVu Sans"],
        "axes.unicode_minus": False,  # the CJK fonts have no U+2212 minus
        "figure.dpi": 80,
        "savefig.dpi": 80,
        "figure.figsize": (9, 4),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "zhibiao",
    })
    return plt


def tidy():
    """pandas display settings: whole tables up to a modest size, Chinese columns aligned."""
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 160)
    pd.set_option("display.unicode.east_asian_width", True)
    pd.set_option("display.float_format", lambda v: f"{v:,.2f}")
