import { App, AppProps } from 'cdk8s';
import { BookinfoChart } from './chart';

/** The Bookinfo example as an app: one chart, `bookinfo`. */
export function bookinfoApp(props: AppProps = {}): App {
  const app = new App(props);
  new BookinfoChart(app, 'bookinfo');
  return app;
}
