"""zhibiao's nightly run as an Apache Airflow DAG (Airflow 2.4 or later).

One task runs `zhibiao run` on the lake and maps its exit code (ops/README.md):
  0        success
  1, 6     AirflowException: retried (`retries` below) — an unexpected failure, or another zhibiao command writing
  2        AirflowFailException: failed, not retried — the command line or a declaration is wrong
  3, 4, 5  AirflowFailException: failed, not retried, `on_failure_callback` alerts — rejected files,
           accounting off balance, quality gate held the release; a person has to look

No pool or lock is needed for the lake: zhibiao takes its own writer lock and waits for another writer
(`--wait=2h`) before giving up with exit 6.

Set the Airflow Variables zhibiao_home (the checkout, default /opt/zhibiao) and zhibiao_lake (default
/srv/zhibiao/lake), and an email address in default_args for the alerts.
"""
from __future__ import annotations

import subprocess
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models import Variable
from airflow.operators.python import PythonOperator

RETRIED = {1: "failure", 6: "another zhibiao command is writing to the lake"}
NOT_RETRIED = {
    2: "usage or declaration error",
    3: "delivered files rejected: ask the departments for corrected files",
    4: "accounting does not balance: nothing was published",
    5: "quality gate held the release back: read reports/latest.md in the lake",
}


def run_zhibiao(**_context) -> None:
    home = Variable.get("zhibiao_home", default_var="/opt/zhibiao")
    lake = Variable.get("zhibiao_lake", default_var="/srv/zhibiao/lake")
    command = [f"{home}/zhibiao", "run", "--lake", lake, "--wait=2h"]
    code = subprocess.run(command, cwd=home, check=False).returncode
    if code == 0:
        return
    if code in RETRIED:
        raise AirflowException(f"zhibiao exited {code} ({RETRIED[code]}); retrying")
    raise AirflowFailException(f"zhibiao exited {code} ({NOT_RETRIED.get(code, 'unexpected exit code')}); not retried")


with DAG(
    dag_id="zhibiao_nightly",
    description="zhibiao: ingest, refine and publish the indicator lake",
    schedule="30 2 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "stats-office",
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
        "email": ["stats-office@localhost"],
        "email_on_failure": True,
        "email_on_retry": False,
        "execution_timeout": timedelta(hours=4),
    },
    tags=["zhibiao"],
) as dag:
    PythonOperator(task_id="zhibiao_run", python_callable=run_zhibiao)
