;;; emacs-check.el --- the check the editors stage (run.mjs) runs in Emacs in batch mode -*- lexical-binding: t -*-
;; Loaded after the README's configuration: it opens the document, lets eglot connect (eglot-ensure waits
;; for the command loop's post-command-hook, which batch mode never runs, so the check runs it once), waits
;; for flymake to show the server's diagnostics, asks for the hover of the live link through eglot's own
;; connection, and writes what it saw to $EDITOR_CHECK_OUT as JSON.
(require 'json)
(require 'cl-lib)
(let* ((out (getenv "EDITOR_CHECK_OUT"))
       (live-id (getenv "EDITOR_CHECK_LIVE_ID"))
       (timeout (/ (string-to-number (or (getenv "EDITOR_CHECK_TIMEOUT_MS") "60000")) 1000.0))
       (result (list (cons 'errors nil)))
       (deadline (+ (float-time) timeout)))
  (condition-case err
      (progn
        (find-file (getenv "EDITOR_CHECK_FILE"))
        (push (cons 'mode (symbol-name major-mode)) result)
        (run-hooks 'post-command-hook)
        (while (and (not (eglot-current-server)) (< (float-time) deadline))
          (accept-process-output nil 0.2))
        (push (cons 'server (and (eglot-current-server) (eglot--project-nickname (eglot-current-server)))) result)
        (flymake-start)
        (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
          (accept-process-output nil 0.2)
          (flymake-start))
        (push (cons 'diagnostics
                    (vconcat (mapcar (lambda (d)
                                       (list (cons 'line (1- (line-number-at-pos (flymake-diagnostic-beg d))))
                                             (cons 'message (flymake-diagnostic-text d))))
                                     (flymake-diagnostics))))
              result)
        (goto-char (point-min))
        (search-forward live-id)
        (backward-char 2)
        (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                       (eglot--TextDocumentPositionParams)
                                       :timeout timeout))
               (contents (plist-get hover :contents)))
          (push (cons 'hover (if (stringp contents) contents (plist-get contents :value))) result)))
    (error (push (format "%S" err) (alist-get 'errors result))))
  (with-temp-file out
    (insert (json-encode (cons (cons 'errors (vconcat (alist-get 'errors result)))
                               (assq-delete-all 'errors result)))))
  (kill-emacs 0))
