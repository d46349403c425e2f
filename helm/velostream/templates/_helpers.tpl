{{- define "velostream.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "velostream.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "velostream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "velostream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "velostream.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "velostream.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The service's application.yaml: velostream.*, the SQL location, then the user's config on top. */}}
{{- define "velostream.applicationYaml" -}}
{{- $base := dict "velostream" (merge (dict "sql" "file:/config/sql/*.sql") .Values.velostream) -}}
{{- toYaml (mergeOverwrite $base .Values.config) -}}
{{- end -}}
