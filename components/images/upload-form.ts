'use client';

import { useCallback, useRef, useState } from 'react';
import { isApiError } from '@/server/contracts/errors';
import type { OperationStarted } from '@/server/contracts/image-build';
import { ApiRequestError, goToLogin } from '../api';

// Uploads of image archives and build contexts: fetch cannot report upload progress, XMLHttpRequest
// can. The browser streams the file from disk; the answer is the operation that carries on from there.

export interface UploadProgress {
  loaded: number;
  total: number;
}

/** POSTs a form and resolves with the route's JSON; a refusal becomes the ApiRequestError `api()` would throw. */
export function postForm<T>(url: string, form: FormData, onProgress: (p: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    // The browser parses the answer (null when it is not JSON).
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.onerror = () =>
      reject(new ApiRequestError('The upload failed: the Wharf server could not be reached or closed the connection.', 0, 'NETWORK'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    xhr.onload = () => {
      const body = xhr.response as unknown;
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      if (isApiError(body)) {
        if (xhr.status === 401) goToLogin();
        return reject(new ApiRequestError(body.message, xhr.status, body.code, body.fields ?? {}));
      }
      reject(new ApiRequestError(`The server answered ${xhr.status}`, xhr.status, 'HTTP'));
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; progress: UploadProgress }
  | { phase: 'started'; operationId: string }
  | { phase: 'failed'; error: unknown };

/** An upload that starts an operation: its progress while sending, then the operation's id. */
export function useUploadOperation() {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const start = useCallback(async (url: string, form: FormData): Promise<string | null> => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setState({ phase: 'uploading', progress: { loaded: 0, total: 0 } });
    try {
      const r = await postForm<OperationStarted>(url, form, (progress) => setState({ phase: 'uploading', progress }), ac.signal);
      setState({ phase: 'started', operationId: r.operationId });
      return r.operationId;
    } catch (error) {
      if (ac.signal.aborted) setState({ phase: 'idle' });
      else setState({ phase: 'failed', error });
      return null;
    }
  }, []);
  const cancel = useCallback(() => abort.current?.abort(), []);
  const reset = useCallback(() => {
    abort.current?.abort();
    setState({ phase: 'idle' });
  }, []);
  return { state, start, cancel, reset };
}
