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

{{/* The prefix of the consumer groups: velostream.application-id, else spring.application.name (the app sets "velostream"). */}}
{{- define "velostream.applicationId" -}}
{{- index .Values.velostream "application-id" | default (dig "spring" "application" "name" "velostream" .Values.config) -}}
{{- end -}}

{{/* Where the container finds the OpenTelemetry Java agent: in the image, or copied there by the init container. */}}
{{- define "velostream.otelAgentPath" -}}
{{- .Values.otel.agent.path | default "/otel/opentelemetry-javaagent.jar" -}}
{{- end -}}

{{/* Non-empty when an init container copies the agent into the pod (otel on, no agent in the image). */}}
{{- define "velostream.otelAgentCopied" -}}
{{- if and .Values.otel.enabled (not .Values.otel.agent.path) }}true{{ end -}}
{{- end -}}

{{/* JAVA_TOOL_OPTIONS: javaOpts, plus the agent when tracing is on. */}}
{{- define "velostream.javaToolOptions" -}}
{{- $opts := list -}}
{{- with .Values.javaOpts }}{{ $opts = append $opts . }}{{ end -}}
{{- if .Values.otel.enabled }}{{ $opts = append $opts (printf "-javaagent:%s" (include "velostream.otelAgentPath" .)) }}{{ end -}}
{{- join " " $opts -}}
{{- end -}}
