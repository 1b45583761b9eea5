export * from './live-report';
