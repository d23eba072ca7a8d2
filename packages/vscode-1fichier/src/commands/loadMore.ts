/** Shows the next page of a large folder. */
import type { CommandModule } from '../services';

export const loadMore: CommandModule = {
  id: 'onefichier.loadMore',
  action: 'Load more',
  run(services, arg) {
    const node = arg as { type?: string; folderId?: number } | undefined;
    if (node?.type === 'loadMore' && typeof node.folderId === 'number') services.storage.loadMore(node.folderId);
  },
};
