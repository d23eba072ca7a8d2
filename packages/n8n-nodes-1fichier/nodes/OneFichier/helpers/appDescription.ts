/**
 * What the 1fichier entry of n8n's node panel says. n8n merges a node and its trigger into one entry and
 * shows the trigger's description there, so the trigger carries the whole app's description, actions first.
 */
export const APP_DESCRIPTION =
  'Upload, download, link, move and organise files and folders on 1fichier.com, or start a workflow when a file is added to a folder';
