import type { MediaRecord } from '@hookline/core'

/** Processing (transcoding) that finished: the media record plus what was produced. */
export interface MediaProcessingCompleted extends MediaRecord {
  processing: {
    jobId: string
    startedDate: string
    completedDate: string
    renditions: MediaRendition[]
  }
}

export interface MediaRendition {
  /** E.g. "1080p". */
  label: string
  width: number
  height: number
  bitrateKbps: number
}

/** Processing that failed: the media record plus why. */
export interface MediaProcessingFailed extends MediaRecord {
  processing: {
    jobId: string
    startedDate: string
    failedDate: string
    /** Machine-readable, e.g. "UnsupportedCodec". */
    errorCode: string
    errorMessage: string
  }
}

/** A portal workflow (e.g. an approval or AI-indexing workflow) run on a media. */
export interface MediaWorkflowRun {
  id: number
  name: string
  runId: string
  startedDate: string
}

export interface MediaWorkflowStarted extends MediaRecord {
  workflow: MediaWorkflowRun
}

export interface MediaWorkflowCompleted extends MediaRecord {
  workflow: MediaWorkflowRun & {
    completedDate: string
    outcome: 'Succeeded' | 'Failed' | 'Cancelled'
  }
}

declare module '@hookline/core' {
  interface EventPayloadMap {
    'media.added': MediaRecord
    'media.updated': MediaRecord
    'media.deleted': MediaRecord
    'media.published': MediaRecord
    'media.processing-completed': MediaProcessingCompleted
    'media.processing-failed': MediaProcessingFailed
    'media.workflow-started': MediaWorkflowStarted
    'media.workflow-completed': MediaWorkflowCompleted
  }
}
