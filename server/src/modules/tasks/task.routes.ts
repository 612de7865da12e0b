import type Router from '@koa/router';
import { completeTaskRequest, taskListQuery, taskListResponse, taskView } from '@dealer/shared';
import { idParams, route } from '../../http/route';
import { completeTask, listTasks } from './task.service';

/** Advisor care tasks: the list (own / dealership) and marking one done with the contact. */
export function taskRoutes(router: Router): void {
  route.staff(router, {
    method: 'get',
    path: '/api/tasks',
    capability: 'tasks.work',
    tag: 'tasks',
    summary: 'Care tasks: an advisor sees their own, a manager the dealership’s',
    query: taskListQuery,
    response: taskListResponse,
    handler: ({ auth, query }) => listTasks(auth, query)
  });

  route.staff(router, {
    method: 'post',
    path: '/api/tasks/:id/done',
    capability: 'tasks.work',
    tag: 'tasks',
    summary: 'Mark a task done and log the contact in the archive',
    params: idParams,
    body: completeTaskRequest,
    response: taskView,
    handler: ({ auth, params, body }) => completeTask(auth, params.id, body)
  });
}
