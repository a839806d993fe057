export {
  serviceDefinitions,
  startTestPlatform,
  TEST_JWT_SECRET,
  type DatabaseKind,
  type TestPlatform,
  type TestResponse,
} from "./platform.js";
