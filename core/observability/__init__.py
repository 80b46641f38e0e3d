"""What the processes tell the operator: structured logs (`logs`) and Prometheus metrics
(`metrics`). The adapters record requests and jobs (api/observability.py,
jobs/observability.py); core records what only it sees (AI calls). A new metric goes in
`metrics`, with its labels bounded (route templates and job names, never ids)."""
